/**
 * Access to `samples/events/`: SQS-wrapped S3 events and the manifest of the objects they
 * announce. Used by the handler tests and by `textlens invoke`; not part of the Lambda bundle.
 *
 * The events name the local default input bucket (`LOCAL_NAMES.inputBucket`); pass `bucket` to
 * {@link loadSampleEvent} to point them at another one (the key encoding is left untouched).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';

/** Folder holding the sample events. */
export const SAMPLE_EVENTS_DIR = join(import.meta.dirname, '..', '..', 'samples', 'events');

/** Where an announced object's bytes come from (paths relative to the repository root). */
export type ObjectSource =
  | { file: string }
  /** `file` repeated (and cut) to exactly `size` bytes: large objects without large files. */
  | { repeat: string; size: number }
  | { empty: true };

/** One entry of `samples/events/manifest.json`. */
export interface SampleEventEntry {
  /** File name in `samples/events/`. */
  event: string;
  description: string;
  /** Objects to put in the input bucket before invoking (empty: none, e.g. the missing object). */
  objects: { bucket: string; key: string; from: ObjectSource }[];
}

const REPO_ROOT = join(SAMPLE_EVENTS_DIR, '..', '..');

/** The manifest of sample events. */
export function loadSampleManifest(): SampleEventEntry[] {
  return JSON.parse(readFileSync(join(SAMPLE_EVENTS_DIR, 'manifest.json'), 'utf8'));
}

/**
 * Reads a sample event; with `bucket`, every S3 record (and test event) is rewritten to name that
 * bucket instead of the local default.
 */
export function loadSampleEvent(name: string, options: { bucket?: string } = {}): SQSEvent {
  const event: SQSEvent = JSON.parse(readFileSync(join(SAMPLE_EVENTS_DIR, name), 'utf8'));
  if (options.bucket === undefined) return event;
  const bucket = options.bucket;
  for (const record of event.Records) {
    const body = JSON.parse(record.body);
    if (Array.isArray(body.Records)) {
      for (const s3Record of body.Records) {
        s3Record.s3.bucket.name = bucket;
        s3Record.s3.bucket.arn = `arn:aws:s3:::${bucket}`;
      }
    } else if (body.Event === 's3:TestEvent') {
      body.Bucket = bucket;
    }
    record.body = JSON.stringify(body);
  }
  return event;
}

/** The bytes of an object source. */
export function readObjectSource(source: ObjectSource, root = REPO_ROOT): Uint8Array {
  if ('empty' in source) return new Uint8Array(0);
  if ('file' in source) return new Uint8Array(readFileSync(join(root, source.file)));
  const unit = readFileSync(join(root, source.repeat));
  const bytes = new Uint8Array(source.size);
  for (let offset = 0; offset < source.size; offset += unit.byteLength) {
    bytes.set(unit.subarray(0, Math.min(unit.byteLength, source.size - offset)), offset);
  }
  return bytes;
}
