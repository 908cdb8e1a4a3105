/**
 * Typed errors for inputs that can never be analysed ("permanent" failures). The Lambda writes
 * an error report for these and does not retry; anything else is treated as transient.
 */

/** Base class of every permanent input error. `code` is stable and appears in error reports. */
export abstract class TextlensError extends Error {
  abstract readonly code: string;
  /** Object key the error is about, when known (included in the message). */
  readonly key: string | undefined;

  constructor(message: string, key?: string) {
    super(key === undefined ? message : `key "${key}": ${message}`);
    this.key = key;
    this.name = new.target.name;
  }
}

/** The bytes look like a binary file (NUL bytes or mostly non-text). */
export class BinaryContentError extends TextlensError {
  readonly code = 'BINARY_CONTENT';
}

/** The bytes are not in any encoding the decoder supports. */
export class UnsupportedEncodingError extends TextlensError {
  readonly code = 'UNSUPPORTED_ENCODING';
}

/** The object is larger than the configured limit. */
export class DocumentTooLargeError extends TextlensError {
  readonly code = 'DOCUMENT_TOO_LARGE';
  readonly size: number;
  readonly limit: number;

  constructor(size: number, limit: number, key?: string) {
    super(`object is ${size} bytes, over the limit of ${limit} bytes`, key);
    this.size = size;
    this.limit = limit;
  }
}

/** True for errors that retrying can never fix. */
export function isPermanentError(error: unknown): error is TextlensError {
  return error instanceof TextlensError;
}
