/**
 * `textlens invoke <event.json> [--watch]`: run the analyze handler once with a test event, in a
 * Lambda-like child process (memory limit, timeout), against the configured endpoint or AWS.
 * With `--watch` it runs again whenever the event file or the handler's source changes, each
 * time in a fresh process so the change is picked up.
 */
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3EventRecord, SQSEvent } from 'aws-lambda';
import type { Command } from 'commander';
import {
  DEFAULT_MAX_DOCUMENT_BYTES,
  DEFAULT_MEMORY_MB,
  ENV,
  FUNCTION_TIMEOUT_SECONDS,
  LOCAL_NAMES,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../../infra/settings.ts';
import { decodeS3Key } from '../../analyze/s3-event.ts';
import { sqsRecord } from '../../analyze/s3-event-builder.ts';
import {
  loadSampleEvent,
  loadSampleManifest,
  readObjectSource,
  SAMPLE_EVENTS_DIR,
} from '../../analyze/sample-events.ts';
import { LOCAL_CREDENTIALS } from '../../local/clients.ts';
import { type InvocationResult, LambdaEnvironment } from '../../local/lambda-environment.ts';
import { CliError } from '../errors.ts';
import { fetchReport } from '../s3-objects.ts';
import {
  addTargetOptions,
  resolveTarget,
  type Target,
  type TargetOptions,
  targetS3Client,
} from '../target.ts';

interface InvokeOptions extends TargetOptions {
  watch?: boolean;
  seed?: boolean;
  verbose?: boolean;
}

/** AWS settings passed to the handler process when it runs against AWS (credentials chain). */
const AWS_PASSTHROUGH = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_SDK_LOAD_CONFIG',
  'HOME',
];

/**
 * Reads an event file as the SQS event the handler receives. Accepts an SQS event (what Lambda
 * passes; `samples/events/*.json`), or a bare S3 event / S3 test event, which is wrapped in one
 * SQS record per S3 record, as S3 -> SQS delivers them. Events naming the local default input
 * bucket are pointed at the target's input bucket.
 */
export async function readInvokeEvent(file: string, inputBucket: string): Promise<SQSEvent> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not valid JSON';
    throw new CliError(`${file}: ${reason}`);
  }
  const records = (parsed as { Records?: unknown[] }).Records;
  const bucket = inputBucket === LOCAL_NAMES.inputBucket ? undefined : inputBucket;
  if ((parsed as { Event?: string }).Event === 's3:TestEvent') {
    return {
      Records: [sqsRecord(JSON.stringify({ ...(parsed as object), ...(bucket && { Bucket: bucket }) }))],
    };
  }
  if (!Array.isArray(records)) throw new CliError(`${file}: not an event (no "Records" array)`);
  if ((records[0] as { eventSource?: string } | undefined)?.eventSource === 'aws:s3') {
    const wrapped = (records as S3EventRecord[]).map((record) => {
      if (bucket && record.s3.bucket.name === LOCAL_NAMES.inputBucket) {
        record.s3.bucket.name = bucket;
        record.s3.bucket.arn = `arn:aws:s3:::${bucket}`;
      }
      return sqsRecord(JSON.stringify({ Records: [record] }));
    });
    return { Records: wrapped };
  }
  // An SQS event: let the sample-event loader do the bucket rewrite it already implements.
  return loadSampleEvent(relative(SAMPLE_EVENTS_DIR, resolve(file)), { bucket });
}

/** The objects an event announces (bucket and decoded key). */
function announcedObjects(event: SQSEvent): { bucket: string; key: string }[] {
  const objects: { bucket: string; key: string }[] = [];
  for (const record of event.Records) {
    try {
      const body = JSON.parse(record.body) as { Records?: S3EventRecord[] };
      for (const s3Record of body.Records ?? []) {
        objects.push({ bucket: s3Record.s3.bucket.name, key: decodeS3Key(s3Record.s3.object.key) });
      }
    } catch {
      // Not an S3 event body: the handler will say so.
    }
  }
  return objects;
}

/** Uploads the objects `samples/events/manifest.json` lists for a sample event. */
async function seedObjects(file: string, target: Target): Promise<number> {
  const entry = loadSampleManifest().find(
    (candidate) => resolve(SAMPLE_EVENTS_DIR, candidate.event) === resolve(file),
  );
  if (!entry) throw new CliError(`--seed: ${file} is not listed in samples/events/manifest.json`);
  const s3 = targetS3Client(target);
  try {
    for (const object of entry.objects) {
      const bucket = object.bucket === LOCAL_NAMES.inputBucket ? target.inputBucket : object.bucket;
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: object.key, Body: readObjectSource(object.from) }),
      );
    }
  } finally {
    s3.destroy();
  }
  return entry.objects.length;
}

/** One log line of the handler, compacted for a terminal: level, message and the useful fields. */
function formatLogLine(line: string, verbose: boolean): string | undefined {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if ('_aws' in entry) return verbose ? line : undefined;
  if (verbose) return line;
  const fields = ['key', 'reportKey', 'code', 'size', 'totalMs']
    .filter((name) => entry[name] !== undefined)
    .map((name) => `${name}=${JSON.stringify(entry[name])}`);
  const error = entry.error as { name?: string; message?: string } | undefined;
  if (error) fields.push(`error="${error.name}: ${error.message}"`);
  return `  [${String(entry.level ?? 'LOG')}] ${String(entry.message ?? '')} ${fields.join(' ')}`.trimEnd();
}

function describeResult(result: InvocationResult): { line: string; ok: boolean } {
  switch (result.status) {
    case 'ok': {
      const failures =
        (result.response as { batchItemFailures?: { itemIdentifier: string }[] } | null)?.batchItemFailures ??
        [];
      const init = result.initMs !== undefined ? `, init ${result.initMs} ms` : '';
      return failures.length === 0
        ? { line: `succeeded in ${result.durationMs} ms${init}; no batch item failures`, ok: true }
        : {
            line: `finished in ${result.durationMs} ms${init}; ${failures.length} record(s) failed (SQS would redeliver): ${failures.map((f) => f.itemIdentifier).join(', ')}`,
            ok: false,
          };
    }
    case 'error':
      return { line: `handler threw ${result.error.name}: ${result.error.message}`, ok: false };
    case 'timeout':
      return { line: `timed out after ${result.durationMs} ms; the process was killed`, ok: false };
    case 'crashed':
      return { line: `the process ${result.reason} (out of memory?)`, ok: false };
    case 'init-error':
      return { line: `init failed: ${result.error.name}: ${result.error.message}`, ok: false };
  }
}

async function invokeOnce(file: string, target: Target, options: InvokeOptions): Promise<boolean> {
  const event = await readInvokeEvent(file, target.inputBucket);
  if (options.seed) console.log(`Seeded ${await seedObjects(file, target)} object(s) from the manifest.`);
  const passthrough = Object.fromEntries(
    AWS_PASSTHROUGH.filter((name) => process.env[name] !== undefined).map((name) => [
      name,
      process.env[name] as string,
    ]),
  );
  const environment = new LambdaEnvironment({
    memoryMb: DEFAULT_MEMORY_MB,
    timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
    onLog: (line) => {
      const formatted = formatLogLine(line, options.verbose ?? false);
      if (formatted !== undefined) console.log(formatted);
    },
    env: {
      [ENV.outputBucket]: target.outputBucket,
      [ENV.maxDocumentBytes]: String(DEFAULT_MAX_DOCUMENT_BYTES),
      [ENV.serviceName]: SERVICE_NAME,
      [ENV.metricsNamespace]: METRICS_NAMESPACE,
      [ENV.logLevel]: 'INFO',
      ...(target.region && { AWS_REGION: target.region }),
      ...(target.endpoint
        ? {
            AWS_ENDPOINT_URL_S3: target.endpoint,
            AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          }
        : passthrough),
    },
  });
  console.log(
    `Invoking the analyze handler with ${basename(file)} (${event.Records.length} record(s)) against ${target.source}`,
  );
  let result: InvocationResult;
  try {
    result = await environment.invoke(event);
  } finally {
    await environment.stop();
  }
  const { line, ok } = describeResult(result);
  console.log(`Result: ${line}`);
  const s3 = targetS3Client(target);
  try {
    for (const object of announcedObjects(event)) {
      const found = await fetchReport(s3, target.outputBucket, object.key).catch(() => undefined);
      console.log(
        `  ${object.key} -> ${found ? `s3://${target.outputBucket}/${found.key} (${found.kind})` : 'no report or error report'}`,
      );
    }
  } finally {
    s3.destroy();
  }
  return ok;
}

export function registerInvoke(program: Command): void {
  const command = program
    .command('invoke')
    .description('Run the analyze handler once with a test event (see samples/events/), like Lambda would')
    .argument('<event>', 'event JSON file: an SQS event, or a bare S3 event')
    .option('--seed', 'first upload the objects samples/events/manifest.json lists for this event')
    .option('--watch', 'run again whenever the event file or the handler source changes')
    .option('--verbose', 'print the raw JSON logs and metrics');
  addTargetOptions(command).action(async (file: string, options: InvokeOptions) => {
    const target = await resolveTarget(options);
    const ok = await invokeOnce(file, target, options);
    if (!options.watch) {
      if (!ok) process.exitCode = 1;
      return;
    }
    const sources = fileURLToPath(new URL('../../', import.meta.url));
    console.log(`\nWatching ${file} and ${sources} for changes; Ctrl-C stops.`);
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    const rerun = () => {
      clearTimeout(timer);
      // Editors write a file in several steps: wait for the burst of events to settle.
      timer = setTimeout(() => {
        running = running.then(async () => {
          console.log(`\n--- ${new Date().toLocaleTimeString()} change detected ---`);
          await invokeOnce(file, target, { ...options, seed: false }).catch((error: unknown) =>
            console.error(`textlens: ${error instanceof Error ? error.message : String(error)}`),
          );
        });
      }, 200);
    };
    const watchers = [watch(sources, { recursive: true }, rerun), watch(dirname(resolve(file)), rerun)];
    await new Promise<void>((done) => process.once('SIGINT', done));
    for (const watcher of watchers) watcher.close();
  });
}
