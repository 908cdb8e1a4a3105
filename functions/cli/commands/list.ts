/** `textlens list [--prefix P]`: uploads with their report status. */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Command } from 'commander';
import { ERROR_REPORT_SUFFIX, REPORT_SUFFIX } from '../../../infra/settings.ts';
import { describeS3Failure } from '../s3-objects.ts';
import { addTargetOptions, resolveTarget, type TargetOptions, targetS3Client } from '../target.ts';

/** Report status of an upload. `skipped`: a folder marker, which is never analysed. */
export type UploadStatus = 'done' | 'error' | 'pending' | 'skipped';

export interface UploadListing {
  key: string;
  size: number;
  status: UploadStatus;
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, number>> {
  const keys = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.set(object.Key, object.Size ?? 0);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Lists uploads under a prefix with the status of their reports (two listings, no per-key calls). */
export async function listUploads(
  s3: S3Client,
  buckets: { inputBucket: string; outputBucket: string },
  prefix = '',
): Promise<UploadListing[]> {
  const [uploads, outputs] = await Promise.all([
    listKeys(s3, buckets.inputBucket, prefix),
    listKeys(s3, buckets.outputBucket, prefix),
  ]);
  return [...uploads].map(([key, size]) => {
    let status: UploadStatus = 'pending';
    if (key.endsWith('/') && size === 0) status = 'skipped';
    else if (outputs.has(key + REPORT_SUFFIX)) status = 'done';
    else if (outputs.has(key + ERROR_REPORT_SUFFIX)) status = 'error';
    return { key, size, status };
  });
}

export function registerList(program: Command): void {
  const command = program
    .command('list')
    .description('List uploads with their report status: done, error or pending')
    .option('-p, --prefix <prefix>', 'only keys starting with this', '')
    .option('--json', 'print JSON instead of a table');
  addTargetOptions(command).action(async (options: TargetOptions & { prefix: string; json?: boolean }) => {
    const target = await resolveTarget(options);
    const s3 = targetS3Client(target);
    let listing: UploadListing[];
    try {
      listing = await listUploads(s3, target, options.prefix);
    } catch (error) {
      throw describeS3Failure(error, 'list', target.source);
    } finally {
      s3.destroy();
    }
    if (options.json) return void console.log(JSON.stringify(listing, null, 2));
    for (const item of listing)
      console.log(`${item.status.padEnd(8)} ${String(item.size).padStart(10)}  ${item.key}`);
    const count = (status: UploadStatus) => listing.filter((item) => item.status === status).length;
    console.error(
      `${listing.length} upload(s) in s3://${target.inputBucket}: ${count('done')} done, ${count('error')} error, ${count('pending')} pending (${target.source})`,
    );
  });
}
