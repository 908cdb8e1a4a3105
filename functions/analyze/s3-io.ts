/**
 * The handler's only contact with S3: head, bounded download, report upload and the duplicate
 * check. Kept small so the handler logic can be read without SDK details, and so fault-injection
 * tests have one seam.
 */

import { PassThrough } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { REPORT_METADATA } from '../../infra/settings.ts';
import { DocumentTooLargeError } from '../lib/errors.ts';

/** Reports larger than this are uploaded in parts of this size (S3's minimum part is 5 MiB). */
export const MULTIPART_THRESHOLD_BYTES = 8 * 1024 * 1024;

/** What HeadObject tells us about an object. */
export interface ObjectHead {
  size: number;
  /** ETag without its surrounding quotes (the form S3 events use). */
  eTag: string;
  versionId?: string;
  contentType?: string;
  /** User metadata (`x-amz-meta-*`), keys lower-cased. */
  metadata: Record<string, string>;
}

/** Metadata written on every report, read back by the duplicate check. */
export interface ReportMetadata {
  sourceETag: string;
  analyzerVersion: string;
}

/** Strips the quotes S3 puts around ETags in API responses (events carry them bare). */
export function normalizeETag(eTag: string | undefined): string {
  return (eTag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** True when S3 says the object (or bucket) does not exist. */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata?.httpStatusCode === 404;
}

/**
 * HeadObject; `undefined` when the object does not exist. Any other failure propagates (it is
 * transient or a configuration problem, and either way the record must be retried).
 */
export async function headObject(s3: S3Client, bucket: string, key: string): Promise<ObjectHead | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return {
      size: head.ContentLength ?? 0,
      eTag: normalizeETag(head.ETag),
      versionId: head.VersionId,
      contentType: head.ContentType,
      metadata: head.Metadata ?? {},
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Thrown when the object changed between HeadObject and GetObject (412): retry the record. */
export class ObjectChangedError extends Error {
  constructor(bucket: string, key: string) {
    super(`s3://${bucket}/${key} changed while it was being read`);
    this.name = 'ObjectChangedError';
  }
}

/**
 * Opens an object for reading as a stream of chunks, refusing more than `maxBytes`.
 *
 * `IfMatch` pins the read to the eTag that HeadObject saw (see {@link getObjectBytes}). The byte
 * count is enforced while streaming, because a lying or missing Content-Length must not make
 * the function read without end. Breaking out of the iteration closes the connection.
 */
export async function openObjectStream(
  s3: S3Client,
  bucket: string,
  key: string,
  options: { eTag: string; maxBytes: number },
): Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>> {
  let response: GetObjectCommandOutput;
  try {
    response = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: `"${options.eTag}"` }),
    );
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata?.httpStatusCode === 412) {
      throw new ObjectChangedError(bucket, key);
    }
    throw error;
  }
  const body = response.Body as AsyncIterable<Uint8Array> | undefined;
  if (!body) return [];
  const declared = response.ContentLength ?? 0;
  if (declared > options.maxBytes) {
    destroyStream(body);
    throw new DocumentTooLargeError(declared, options.maxBytes, key);
  }
  return (async function* limited() {
    let length = 0;
    try {
      for await (const chunk of body) {
        length += chunk.byteLength;
        if (length > options.maxBytes) throw new DocumentTooLargeError(length, options.maxBytes, key);
        yield chunk;
      }
    } finally {
      destroyStream(body);
    }
  })();
}

/** A JSON Lines object being uploaded line by line (multipart, 8 MiB parts). */
export interface LineUpload {
  /** Appends a line; resolves when the upload can take more (backpressure). */
  write(line: string): Promise<void>;
  /** Ends the object and waits until S3 has it. */
  close(): Promise<void>;
  /** Abandons the upload (its parts are deleted); safe to call after a failure. */
  abort(): Promise<void>;
}

/** Starts a streamed upload of a JSON Lines file with the report metadata. */
export function openLineUpload(
  s3: S3Client,
  bucket: string,
  key: string,
  metadata: ReportMetadata,
): LineUpload {
  const body = new PassThrough();
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/x-ndjson',
      Metadata: {
        [REPORT_METADATA.sourceETag]: metadata.sourceETag,
        [REPORT_METADATA.analyzerVersion]: metadata.analyzerVersion,
      },
    },
    partSize: MULTIPART_THRESHOLD_BYTES,
    queueSize: 2,
  });
  let failure: unknown;
  const done = upload.done().catch((error: unknown) => {
    failure = error;
    body.destroy();
  });
  return {
    async write(line) {
      if (failure) throw failure;
      if (!body.write(line)) {
        await new Promise<void>((resolve) => {
          const settle = () => {
            body.off('drain', settle);
            body.off('close', settle);
            resolve();
          };
          body.on('drain', settle);
          body.on('close', settle);
        });
        if (failure) throw failure;
      }
    },
    async close() {
      body.end();
      await done;
      if (failure) throw failure;
    },
    async abort() {
      body.destroy();
      await upload.abort().catch(() => undefined);
      await done;
    },
  };
}

function destroyStream(body: unknown): void {
  const stream = body as { destroy?: () => void };
  stream.destroy?.();
}

/** Writes a report (or error report) as JSON with the metadata the duplicate check reads. */
export async function putReport(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  metadata: ReportMetadata,
  contentType = 'application/json',
): Promise<void> {
  const params = {
    Bucket: bucket,
    Key: key,
    Body: body,
    ContentType: contentType,
    Metadata: {
      [REPORT_METADATA.sourceETag]: metadata.sourceETag,
      [REPORT_METADATA.analyzerVersion]: metadata.analyzerVersion,
    },
  };
  // Big reports (long articles) go up in parts: a single PUT has size limits on some S3
  // implementations (the local emulator takes at most 11 MiB) and retries whole on failure.
  if (Buffer.byteLength(body) > MULTIPART_THRESHOLD_BYTES) {
    await new Upload({ client: s3, params, partSize: MULTIPART_THRESHOLD_BYTES, queueSize: 2 }).done();
    return;
  }
  await s3.send(new PutObjectCommand(params));
}

/**
 * Metadata of an existing report, or `undefined` when there is none. A report written by
 * something else (no metadata) yields empty strings, which never match: it gets rewritten.
 */
export async function headReport(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ReportMetadata | undefined> {
  const head = await headObject(s3, bucket, key);
  if (!head) return undefined;
  return {
    sourceETag: head.metadata[REPORT_METADATA.sourceETag] ?? '',
    analyzerVersion: head.metadata[REPORT_METADATA.analyzerVersion] ?? '',
  };
}

/** Deletes a report; deleting a key that does not exist succeeds. */
export async function deleteReport(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}
