/**
 * Parsing of SQS message bodies that carry S3 event notifications.
 *
 * Types come from `@types/aws-lambda`; the shape is checked by hand (a few fields) rather than
 * with a schema library, to keep the bundle small and the error messages specific.
 */
import type { S3Event, S3EventRecord } from 'aws-lambda';

/** One created object, as announced by S3, with its key already decoded. */
export interface ObjectCreatedEvent {
  bucket: string;
  /** Decoded key (S3 sends it form-URL-encoded). */
  key: string;
  /** eTag from the event (no quotes); may be absent for some event sources. */
  eTag?: string;
  size?: number;
  versionId?: string;
  eventName: string;
}

/** Result of parsing one SQS message body. */
export type ParsedMessage =
  | { kind: 'objects'; objects: ObjectCreatedEvent[] }
  | { kind: 'test-event' }
  | { kind: 'invalid'; problem: string };

/**
 * Decodes an object key from an S3 event. S3 form-URL-encodes keys in notifications: a space
 * arrives as `+`, a literal `+` as `%2B`, and non-ASCII characters as UTF-8 `%XX` escapes.
 *
 * @throws URIError for malformed escapes (S3 never sends them)
 */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * Parses an SQS message body. Records that are not `ObjectCreated:*` are left out (the stack
 * subscribes to nothing else; anything else is not ours to analyse).
 */
export function parseMessage(body: string): ParsedMessage {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return { kind: 'invalid', problem: 'body is not JSON' };
  }
  if (!isObject(message)) return { kind: 'invalid', problem: 'body is not a JSON object' };
  // S3 sends this once when a notification configuration is created.
  if (message.Event === 's3:TestEvent') return { kind: 'test-event' };
  const records = (message as Partial<S3Event>).Records;
  if (!Array.isArray(records)) return { kind: 'invalid', problem: 'body has no Records array' };

  const objects: ObjectCreatedEvent[] = [];
  for (const [index, record] of records.entries()) {
    const problem = checkRecord(record);
    if (problem) return { kind: 'invalid', problem: `Records[${index}]: ${problem}` };
    const s3Record = record as S3EventRecord;
    if (!s3Record.eventName.startsWith('ObjectCreated:')) continue;
    let key: string;
    try {
      key = decodeS3Key(s3Record.s3.object.key);
    } catch {
      return { kind: 'invalid', problem: `Records[${index}]: object key is not valid URL encoding` };
    }
    const { eTag, size, versionId } = s3Record.s3.object;
    objects.push({
      bucket: s3Record.s3.bucket.name,
      key,
      eventName: s3Record.eventName,
      ...(typeof eTag === 'string' && eTag !== '' && { eTag }),
      ...(typeof size === 'number' && { size }),
      ...(typeof versionId === 'string' && versionId !== '' && { versionId }),
    });
  }
  return { kind: 'objects', objects };
}

function checkRecord(record: unknown): string | undefined {
  if (!isObject(record)) return 'not an object';
  if (record.eventSource !== 'aws:s3') return 'eventSource is not aws:s3';
  if (typeof record.eventName !== 'string') return 'eventName missing';
  const s3 = record.s3;
  if (!isObject(s3)) return 's3 missing';
  const { bucket, object } = s3;
  if (!isObject(bucket) || typeof bucket.name !== 'string' || bucket.name === '')
    return 'bucket name missing';
  if (!isObject(object) || typeof object.key !== 'string' || object.key === '') return 'object key missing';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
