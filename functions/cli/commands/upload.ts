/** `textlens upload <file|dir...> [--prefix P]`: upload articles to the input bucket. */
import type { S3Client } from '@aws-sdk/client-s3';
import { MultiBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { collectUploads, describeS3Failure, type UploadItem, uploadFile } from '../s3-objects.ts';
import { addTargetOptions, resolveTarget, type TargetOptions, targetS3Client } from '../target.ts';

/** Files uploaded at the same time (each big one also uploads 4 parts at a time). */
const PARALLEL_UPLOADS = 8;

/**
 * Uploads items with bounded parallelism; `onDone` is called after each one. Stops at the first
 * failure (after the uploads already running finish) and rethrows it.
 */
export async function uploadAll(
  s3: S3Client,
  bucket: string,
  items: readonly UploadItem[],
  onDone: (item: UploadItem) => void,
): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await uploadFile(s3, bucket, item);
        onDone(item);
      } catch (error) {
        failure ??= Object.assign(error as object, { item });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

export function registerUpload(program: Command): void {
  const command = program
    .command('upload')
    .description('Upload articles (files or folders) to the input bucket; each becomes a report')
    .argument('<paths...>', 'files or folders to upload')
    .option('-p, --prefix <prefix>', 'key prefix, e.g. news/2026 (a "/" is added)', '');
  addTargetOptions(command).action(async (paths: string[], options: TargetOptions & { prefix: string }) => {
    const target = await resolveTarget(options);
    const items = await collectUploads(paths, options.prefix);
    if (items.length === 0) return void console.error('textlens: nothing to upload');
    const s3 = targetS3Client(target);
    const total = items.reduce((sum, item) => sum + item.size, 0);
    // A bar only helps for many files on a terminal; otherwise the keys are the progress.
    const showBar = items.length > 1 && process.stderr.isTTY;
    const bars = showBar
      ? new MultiBar(
          {
            format: ' {bar} {value}/{total} files | {eta_formatted} left',
            hideCursor: true,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        )
      : undefined;
    const bar = bars?.create(items.length, 0);
    try {
      await uploadAll(s3, target.inputBucket, items, (item) => {
        const line = `s3://${target.inputBucket}/${item.key}  (${item.size} bytes)`;
        if (bars) bars.log(`${line}\n`);
        else console.log(line);
        bar?.increment();
      });
    } catch (error) {
      const item = (error as { item?: UploadItem }).item;
      throw describeS3Failure(error, `upload ${item?.path ?? ''}`.trim(), target.source);
    } finally {
      bars?.stop();
      s3.destroy();
    }
    const first = items[0].key;
    console.error(
      `${items.length} file(s), ${total} bytes uploaded to ${target.source}. Reports: npx textlens report "${first}" --wait 30`,
    );
  });
}
