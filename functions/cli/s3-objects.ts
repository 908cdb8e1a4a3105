/** S3 operations shared by the CLI commands: uploads, report lookups, waiting for reports. */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ERROR_REPORT_SUFFIX, REPORT_SUFFIX } from '../../infra/settings.ts';
import { CliError } from './errors.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain; charset=utf-8',
  '.text': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml',
  '.json': 'application/json',
};

/**
 * Content type for an upload, from its extension. UTF-8 is declared for text because that is
 * what articles are saved as today; the analyzer still checks the bytes (BOMs, invalid UTF-8).
 * Unknown extensions get S3's own default, so the analyzer sniffs the content.
 */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** A local file to upload and the key it gets. */
export interface UploadItem {
  path: string;
  key: string;
  size: number;
}

/**
 * Expands files and folders into upload items. A file keeps its name; a folder's files keep
 * their path below the folder (as `aws s3 cp --recursive` does). Hidden files are skipped.
 */
export async function collectUploads(paths: readonly string[], prefix = ''): Promise<UploadItem[]> {
  const normalizedPrefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const items: UploadItem[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      throw new CliError(`${path}: no such file or folder`);
    }
    if (info.isFile()) {
      items.push({ path, key: normalizedPrefix + basename(path), size: info.size });
      continue;
    }
    for (const file of await walk(path)) {
      const size = (await stat(file)).size;
      items.push({ path: file, key: normalizedPrefix + relative(path, file).split('\\').join('/'), size });
    }
  }
  return items;
}

async function walk(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files.sort();
}

/**
 * Uploads one file. lib-storage switches to a multipart upload above its 5 MiB part size, so big
 * files stream in parts instead of one request (S3 itself caps a single PUT at 5 GB).
 */
export async function uploadFile(s3: S3Client, bucket: string, item: UploadItem): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: item.key,
      Body: createReadStream(item.path),
      ContentType: contentTypeFor(item.path),
    },
    queueSize: 4,
  });
  await upload.done();
}

/** A report or an error report as stored in the output bucket. */
export type StoredReport = { kind: 'report' | 'error-report'; key: string; json: unknown };

/** Fetches the report (or else the error report) for an upload key; `undefined` if neither. */
export async function fetchReport(
  s3: S3Client,
  outputBucket: string,
  key: string,
): Promise<StoredReport | undefined> {
  for (const [kind, suffix] of [
    ['report', REPORT_SUFFIX],
    ['error-report', ERROR_REPORT_SUFFIX],
  ] as const) {
    const text = await getText(s3, outputBucket, key + suffix);
    if (text !== undefined) return { kind, key: key + suffix, json: JSON.parse(text) };
  }
  return undefined;
}

/** Polls for a report until it appears or `timeoutMs` passes. */
export async function waitForReport(
  s3: S3Client,
  outputBucket: string,
  key: string,
  timeoutMs: number,
  intervalMs = 200,
): Promise<StoredReport | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await fetchReport(s3, outputBucket, key);
    if (found || Date.now() >= deadline) return found;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}

/** Size and time of an object, or `undefined` when it does not exist. */
export async function describeObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ size: number; lastModified?: Date } | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { size: head.ContentLength ?? 0, lastModified: head.LastModified };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function getText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await response.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** Turns SDK failures into one-line CLI errors that say what to check. */
export function describeS3Failure(error: unknown, what: string, source: string): CliError {
  const e = error as { name?: string; message?: string; code?: string };
  if (e.name === 'NoSuchBucket') return new CliError(`${what}: bucket does not exist at ${source}`);
  if (e.code === 'ECONNREFUSED' || e.name === 'TimeoutError') {
    return new CliError(`${what}: cannot reach ${source}; is "npm start" running?`);
  }
  return new CliError(`${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)} (${source})`);
}
