/**
 * `textlens reanalyze [--prefix P] [--only-stale]`: run existing uploads through the analyzer
 * again, e.g. after a model update (a new analyzer version).
 *
 * - On AWS (`--stack NAME`, or `--state-machine ARN`): starts the stack's backfill state machine
 *   (Step Functions Distributed Map, `infra/constructs/backfill.ts`) with `{"prefix": P}`. It
 *   lists the prefix itself and invokes the analyze function in batches; nothing is listed or
 *   sent from this machine, so it scales to millions of objects.
 * - Locally (a running `npm start`): lists the prefix and re-enqueues each object on the embedded
 *   work queue as the S3 event an upload produces (`functions/analyze/s3-event-builder.ts`), so
 *   the same pollers and handler analyse them.
 *
 * Either way the handler skips an object whose report is current (same source eTag and analyzer
 * version, read from the report's metadata), so rerunning is cheap and safe, and after a version
 * bump every report is redone. `--only-stale` is the efficient path locally: it reads the report
 * metadata here (one listing of the output bucket, HeadObject only where a report exists) and
 * sends only objects whose report is missing or was made from other bytes or by another analyzer
 * version. On AWS the same test runs inside the function (in-region, in parallel), which is the
 * cheap place for it at that scale; the flag changes nothing there.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { type Command, Option } from 'commander';
import { ERROR_REPORT_SUFFIX, REPORT_SUFFIX } from '../../../infra/settings.ts';
import { type CreatedObject, objectCreatedRecord } from '../../analyze/s3-event-builder.ts';
import { headReport, normalizeETag, type ReportMetadata } from '../../analyze/s3-io.ts';
import { ANALYZER_VERSION } from '../../lib/version.ts';
import { createSqsClient } from '../../local/clients.ts';
import { CliError } from '../errors.ts';
import { describeS3Failure } from '../s3-objects.ts';
import { addTargetOptions, resolveTarget, type TargetOptions, targetS3Client } from '../target.ts';

/** Stack output holding the backfill state machine's ARN (`infra/textlens-stack.ts`). */
export const BACKFILL_OUTPUT_KEY = 'BackfillStateMachineArn';
/** Environment variable naming the state machine directly. */
export const STATE_MACHINE_ENV = 'TEXTLENS_STATE_MACHINE';

/** HeadObject calls on reports at once (`--only-stale`). */
const PARALLEL_HEADS = 16;
/** SendMessageBatch calls at once (10 messages each). */
const PARALLEL_SENDS = 8;

/** An input object found by listing. */
export interface ListedObject {
  key: string;
  size: number;
  /** Without quotes. */
  eTag: string;
}

/** Why an object is (not) stale. */
export type Staleness = 'missing' | 'other-version' | 'other-source' | 'current';

/** Lists every object under a prefix (folder markers left out: the handler never analyses them). */
export async function listObjects(s3: S3Client, bucket: string, prefix = ''): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key || (object.Key.endsWith('/') && (object.Size ?? 0) === 0)) continue;
      objects.push({ key: object.Key, size: object.Size ?? 0, eTag: normalizeETag(object.ETag) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Lists the keys under a prefix (no metadata). */
async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<Set<string>> {
  return new Set((await listObjects(s3, bucket, prefix)).map((object) => object.key));
}

/** The handler's rule: a report or error report made from these bytes by this analyzer version. */
export function staleness(
  object: ListedObject,
  reports: readonly (ReportMetadata | undefined)[],
  analyzerVersion = ANALYZER_VERSION,
): Staleness {
  const present = reports.filter((meta): meta is ReportMetadata => meta !== undefined);
  if (present.length === 0) return 'missing';
  if (present.some((meta) => meta.sourceETag === object.eTag && meta.analyzerVersion === analyzerVersion))
    return 'current';
  return present.some((meta) => meta.sourceETag === object.eTag) ? 'other-version' : 'other-source';
}

/** Runs `work` over `items` with at most `limit` at a time, in order of the items. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The staleness of every object: one listing of the output bucket under the same prefix, and a
 * HeadObject (metadata only) for each report that exists.
 */
export async function classify(
  s3: S3Client,
  buckets: { outputBucket: string },
  objects: readonly ListedObject[],
  prefix = '',
  analyzerVersion = ANALYZER_VERSION,
): Promise<Map<string, Staleness>> {
  const outputs = await listKeys(s3, buckets.outputBucket, prefix);
  const result = new Map<string, Staleness>();
  const classified = await mapLimit(objects, PARALLEL_HEADS, async (object) => {
    const heads = await Promise.all(
      [REPORT_SUFFIX, ERROR_REPORT_SUFFIX].map((suffix) =>
        outputs.has(object.key + suffix)
          ? headReport(s3, buckets.outputBucket, object.key + suffix)
          : Promise.resolve(undefined),
      ),
    );
    return staleness(object, heads, analyzerVersion);
  });
  for (const [index, object] of objects.entries()) result.set(object.key, classified[index]);
  return result;
}

/**
 * Sends one S3 ObjectCreated event per object to the work queue, as the upload would have
 * (10 per SendMessageBatch). Throws if any message could not be sent.
 */
export async function enqueueObjects(
  sqs: SQSClient,
  queueUrl: string,
  bucket: string,
  objects: readonly ListedObject[],
  region?: string,
): Promise<number> {
  const eventTime = new Date().toISOString();
  const batches: ListedObject[][] = [];
  for (let i = 0; i < objects.length; i += 10) batches.push(objects.slice(i, i + 10));
  const sent = await mapLimit(batches, PARALLEL_SENDS, async (batch) => {
    const response = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((object, index) => {
          const created: CreatedObject = { bucket, ...object, eventTime, ...(region && { region }) };
          const event: S3Event = { Records: [objectCreatedRecord(created)] };
          return { Id: String(index), MessageBody: JSON.stringify(event) };
        }),
      }),
    );
    if (response.Failed && response.Failed.length > 0) {
      const first = response.Failed[0];
      throw new Error(`${response.Failed.length} event(s) not enqueued: ${first.Code}: ${first.Message}`);
    }
    return batch.length;
  });
  return sent.reduce((sum, n) => sum + n, 0);
}

/** What a local reanalysis did. */
export interface LocalReanalysis {
  listed: number;
  /** Objects found current and not sent (`--only-stale` only). */
  current: number;
  enqueued: number;
  /** Sent objects by why they were stale (`--only-stale` only). */
  reasons: Partial<Record<Staleness, number>>;
  /** The objects sent. */
  objects: ListedObject[];
}

/** Lists a prefix and re-enqueues its objects (only the stale ones with `onlyStale`). */
export async function reanalyzeLocally(options: {
  s3: S3Client;
  sqs: SQSClient;
  queueUrl: string;
  inputBucket: string;
  outputBucket: string;
  prefix?: string;
  onlyStale?: boolean;
  region?: string;
  /** The analyzer version the running handler writes (default: this code's). */
  analyzerVersion?: string;
}): Promise<LocalReanalysis> {
  const prefix = options.prefix ?? '';
  const listed = await listObjects(options.s3, options.inputBucket, prefix);
  let objects = listed;
  const reasons: Partial<Record<Staleness, number>> = {};
  if (options.onlyStale) {
    const states = await classify(options.s3, options, listed, prefix, options.analyzerVersion);
    objects = listed.filter((object) => states.get(object.key) !== 'current');
    for (const object of objects) {
      const state = states.get(object.key) as Staleness;
      reasons[state] = (reasons[state] ?? 0) + 1;
    }
  }
  const enqueued = await enqueueObjects(
    options.sqs,
    options.queueUrl,
    options.inputBucket,
    objects,
    options.region,
  );
  return { listed: listed.length, current: listed.length - objects.length, enqueued, reasons, objects };
}

/**
 * Waits until every object has a current report or error report (polls HeadObject on the
 * reports); resolves with the keys still stale when `timeoutMs` passes.
 */
export async function waitUntilCurrent(
  s3: S3Client,
  outputBucket: string,
  objects: readonly ListedObject[],
  timeoutMs: number,
  analyzerVersion = ANALYZER_VERSION,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...objects];
  for (;;) {
    const states = await mapLimit(pending, PARALLEL_HEADS, async (object) =>
      staleness(
        object,
        await Promise.all(
          [REPORT_SUFFIX, ERROR_REPORT_SUFFIX].map((suffix) =>
            headReport(s3, outputBucket, object.key + suffix),
          ),
        ),
        analyzerVersion,
      ),
    );
    pending = pending.filter((_, index) => states[index] !== 'current');
    if (pending.length === 0 || Date.now() >= deadline) return pending.map((object) => object.key);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts the backfill state machine; returns the execution ARN. */
export async function startBackfill(
  sfn: Pick<SFNClient, 'send'>,
  stateMachineArn: string,
  prefix: string,
): Promise<string> {
  const name = `reanalyze-${new Date()
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}-${Math.random().toString(36).slice(2, 8)}`;
  const response = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ prefix }) }),
  );
  if (!response.executionArn) throw new CliError('StartExecution returned no execution ARN');
  return response.executionArn;
}

async function stateMachineOfStack(stackName: string, region: string | undefined): Promise<string> {
  const client = new CloudFormationClient(region ? { region } : {});
  try {
    const response = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const arn = response.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === BACKFILL_OUTPUT_KEY)?.OutputValue;
    if (!arn) {
      throw new CliError(
        `stack ${stackName} has no ${BACKFILL_OUTPUT_KEY} output; deploy the current stack (npx cdk deploy)`,
      );
    }
    return arn;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new CliError(`cannot read stack ${stackName}: ${message} (check AWS credentials and --region)`);
  } finally {
    client.destroy();
  }
}

interface ReanalyzeOptions extends TargetOptions {
  prefix: string;
  onlyStale?: boolean;
  stateMachine?: string;
  wait?: string;
  json?: boolean;
}

export function registerReanalyze(program: Command): void {
  const command = program
    .command('reanalyze')
    .description(
      'Analyse existing uploads again (e.g. after a model update): on AWS starts the backfill state machine, locally re-enqueues them',
    )
    .option('-p, --prefix <prefix>', 'only keys starting with this (default: the whole bucket)', '')
    .option('--only-stale', 'only objects whose report is missing or from another analyzer version or source')
    .addOption(
      new Option('--state-machine <arn>', 'backfill state machine (default: the --stack output)').env(
        STATE_MACHINE_ENV,
      ),
    )
    .option('-w, --wait <seconds>', 'locally: wait up to this long for every report to be current', '0')
    .option('--json', 'print a JSON summary');
  addTargetOptions(command).action(async (options: ReanalyzeOptions) => {
    // On AWS the state machine does the listing: no bucket names are needed to start it.
    if (!options.endpoint && (options.stateMachine || options.stack)) {
      const arn =
        options.stateMachine ?? (await stateMachineOfStack(options.stack as string, options.region));
      const sfn = new SFNClient(options.region ? { region: options.region } : {});
      let executionArn: string;
      try {
        executionArn = await startBackfill(sfn, arn, options.prefix);
      } catch (error) {
        if (error instanceof CliError) throw error;
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new CliError(`cannot start ${arn}: ${message}`);
      } finally {
        sfn.destroy();
      }
      if (options.json) return void console.log(JSON.stringify({ executionArn, prefix: options.prefix }));
      console.log(executionArn);
      console.error(
        `backfill started for prefix "${options.prefix}"${options.onlyStale ? ' (the function skips current reports; --only-stale changes nothing on AWS)' : ''}. Follow it in the Step Functions console (map run "Analyze"); failed batches are listed under backfill-runs/ in the output bucket.`,
      );
      return;
    }

    const target = await resolveTarget(options);
    if (!target.endpoint) {
      throw new CliError(
        'reanalyze on AWS needs --stack NAME (or --state-machine ARN); locally, start the pipeline with "npm start"',
      );
    }
    if (!target.queueUrl) {
      throw new CliError(
        `no work queue known for ${target.source}: reanalyze re-enqueues through the queue of a running "npm start"`,
      );
    }
    const s3 = targetS3Client(target);
    const sqs = createSqsClient({ endpoint: target.endpoint, region: target.region });
    const started = performance.now();
    try {
      const result = await reanalyzeLocally({
        s3,
        sqs,
        queueUrl: target.queueUrl,
        inputBucket: target.inputBucket,
        outputBucket: target.outputBucket,
        prefix: options.prefix,
        onlyStale: options.onlyStale,
        region: target.region,
      });
      const waitMs = Number(options.wait) * 1000;
      const notCurrent =
        waitMs > 0 ? await waitUntilCurrent(s3, target.outputBucket, result.objects, waitMs) : undefined;
      const summary = {
        prefix: options.prefix,
        listed: result.listed,
        current: result.current,
        enqueued: result.enqueued,
        reasons: result.reasons,
        ...(notCurrent && { notCurrent: notCurrent.length }),
        ms: Math.round(performance.now() - started),
      };
      if (options.json) console.log(JSON.stringify(summary));
      else {
        const why = Object.entries(result.reasons)
          .map(([reason, n]) => `${n} ${reason}`)
          .join(', ');
        console.error(
          `${result.enqueued} of ${result.listed} object(s) under "${options.prefix}" re-enqueued${options.onlyStale ? ` (${why || 'none stale'}; ${result.current} current, skipped)` : ''} on ${target.source}.`,
        );
        if (notCurrent) {
          console.error(
            notCurrent.length === 0
              ? `every report is current (analyzer ${ANALYZER_VERSION}), ${summary.ms} ms`
              : `${notCurrent.length} report(s) still not current after ${options.wait} s`,
          );
        }
      }
      if (notCurrent && notCurrent.length > 0) process.exitCode = 3;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw describeS3Failure(error, 'reanalyze', target.source);
    } finally {
      s3.destroy();
      sqs.destroy();
    }
  });
}
