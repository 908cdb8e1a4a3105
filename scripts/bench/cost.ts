/**
 * Row 5: cost per million characters on AWS Lambda (arm64) from the measured throughput and the
 * function's configured memory, beside Amazon Comprehend (entities + sentiment).
 *
 * Lambda's CPU share scales with memory (one full vCPU at 1,769 MB); the throughput measured
 * here is one full core, so below 1,769 MB the time is scaled up by 1,769 / memory. Documents of
 * the corpus' mean size; one Lambda request per batch of `recordsPerInvocation` SQS records (the
 * event source's batch size when uploads arrive faster than the batching window; 1 at worst).
 */
export const LAMBDA_ARM64_PER_GB_SECOND = 0.0000133334;
export const LAMBDA_PER_REQUEST = 0.2 / 1e6;
/** Comprehend: $0.0001 per 100-character unit per API, 3 units minimum per request. */
export const COMPREHEND_PER_UNIT = 0.0001;
export const COMPREHEND_UNIT_CHARS = 100;
export const COMPREHEND_MIN_UNITS = 3;
export const COMPREHEND_APIS = ['DetectEntities', 'DetectSentiment'] as const;
/** Memory at which Lambda gives one full vCPU. */
export const FULL_VCPU_MB = 1769;

export interface CostResult {
  memoryMb: number;
  charactersPerSecond: number;
  meanDocumentChars: number;
  recordsPerInvocation: number;
  lambdaPerMillionChars: number;
  comprehendPerMillionChars: number;
  /** lambda / comprehend. */
  ratio: number;
}

export function estimateCost(
  memoryMb: number,
  charactersPerSecond: number,
  meanDocumentChars: number,
  recordsPerInvocation = 1,
): CostResult {
  const cpuShare = Math.min(1, memoryMb / FULL_VCPU_MB);
  const seconds = 1e6 / (charactersPerSecond * cpuShare);
  const requests = 1e6 / meanDocumentChars;
  const lambdaPerMillionChars =
    seconds * (memoryMb / 1024) * LAMBDA_ARM64_PER_GB_SECOND +
    (requests / recordsPerInvocation) * LAMBDA_PER_REQUEST;
  const unitsPerDoc = Math.max(COMPREHEND_MIN_UNITS, Math.ceil(meanDocumentChars / COMPREHEND_UNIT_CHARS));
  const comprehendPerMillionChars = requests * unitsPerDoc * COMPREHEND_PER_UNIT * COMPREHEND_APIS.length;
  return {
    memoryMb,
    charactersPerSecond,
    meanDocumentChars,
    recordsPerInvocation,
    lambdaPerMillionChars,
    comprehendPerMillionChars,
    ratio: lambdaPerMillionChars / comprehendPerMillionChars,
  };
}
