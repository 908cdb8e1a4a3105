/**
 * The handler's configuration, read from the environment once per cold start and validated as a
 * whole: a misconfigured function fails its first invocation with one error that lists every
 * problem, instead of failing record by record in confusing ways.
 */
import { ENV } from '../../infra/settings.ts';

/** Validated configuration of the analyze function. */
export interface AnalyzeConfig {
  /** Bucket the reports are written to. */
  outputBucket: string;
  /** Largest object analysed, in bytes. */
  maxDocumentBytes: number;
}

/** Configuration problems, all of them, in one error. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** S3 bucket naming rules (general purpose buckets): 3-63 chars, lower-case, digits, `.`, `-`. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads and validates the configuration. Error messages name the variable and the rule, never
 * the value (values may be sensitive, and logs must not carry them).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AnalyzeConfig {
  const problems: string[] = [];

  const outputBucket = env[ENV.outputBucket] ?? '';
  if (outputBucket === '') problems.push(`${ENV.outputBucket} is not set`);
  else if (!BUCKET_NAME.test(outputBucket))
    problems.push(`${ENV.outputBucket} is not a valid S3 bucket name`);

  const rawMax = env[ENV.maxDocumentBytes] ?? '';
  const maxDocumentBytes = Number(rawMax);
  if (rawMax === '') problems.push(`${ENV.maxDocumentBytes} is not set`);
  else if (!/^\d+$/.test(rawMax) || !Number.isSafeInteger(maxDocumentBytes) || maxDocumentBytes < 1) {
    problems.push(`${ENV.maxDocumentBytes} must be a positive whole number of bytes`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { outputBucket, maxDocumentBytes };
}
