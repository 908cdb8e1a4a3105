/**
 * Error reports: what is written as `<key>.error.json` when an upload can never be analysed.
 * Schema: `schema/error-report.schema.json`.
 */
import type { TextlensError } from './errors.ts';
import { sourceIdentity } from './types.ts';
import { ANALYZER_NAME, ANALYZER_VERSION } from './version.ts';

export interface ErrorReport {
  schemaVersion: '1';
  source: { key?: string; bucket?: string; eTag?: string; size?: number };
  analyzer: { name: 'textlens'; version: string };
  error: { code: string; name: string; message: string };
}

/** Builds the error report for a permanent failure. */
export function buildErrorReport(
  input: { key?: string; bucket?: string; eTag?: string; size?: number },
  error: TextlensError,
): ErrorReport {
  return {
    schemaVersion: '1',
    source: {
      ...sourceIdentity(input),
      ...(input.size !== undefined && { size: input.size }),
    },
    analyzer: { name: ANALYZER_NAME, version: ANALYZER_VERSION },
    error: { code: error.code, name: error.name, message: error.message },
  };
}
