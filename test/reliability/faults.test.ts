/**
 * S3 faults at the HTTP level, injected between the real handler (createAnalyzeHandler with an
 * S3 client configured like the Lambda's: S3_CLIENT_SETTINGS.maxAttempts, timeouts that throw)
 * and a real local S3 (fauxqs), by the fault proxy in test/helpers/fault-proxy.ts.
 *
 * - GetObject / PutObject failing with 500, 503 SlowDown, a reset connection or no answer for the
 *   first N attempts: within the SDK's retry budget the report lands in the same invocation;
 *   beyond it the record fails (SQS redelivers it) and the redelivery writes the report.
 * - A stale write racing a newer upload of the same key: the report ends up describing the final
 *   object, never the one it replaced.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzeHandler } from '../../functions/analyze/create-handler.ts';
import { sqsEventForObjects } from '../../functions/analyze/s3-event-builder.ts';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import {
  HTML_VIEW_SUFFIX,
  LOCAL_NAMES,
  REPORT_METADATA,
  REPORT_SUFFIX,
  S3_CLIENT_SETTINGS,
} from '../../infra/settings.ts';
import { type Fault, type FaultProxy, type S3Operation, startFaultProxy } from '../helpers/fault-proxy.ts';
import { getObject, headETag, type LocalS3, listKeys, putObject, startLocalS3 } from '../helpers/local-s3.ts';
import { readSample } from '../helpers/samples.ts';

const INPUT = LOCAL_NAMES.inputBucket;
const OUTPUT = LOCAL_NAMES.outputBucket;
/** Short, so `hang` costs little; the Lambda uses S3_CLIENT_SETTINGS.requestTimeoutMs. */
const REQUEST_TIMEOUT_MS = 600;

let local: LocalS3;
let proxy: FaultProxy;
/** Direct client (no faults) for seeding and checking. */
let direct: S3Client;
let logs: Record<string, unknown>[];

beforeAll(async () => {
  local = await startLocalS3([INPUT, OUTPUT]);
  proxy = await startFaultProxy(local.endpoint);
  direct = local.client();
});
afterAll(async () => {
  await proxy?.stop();
  await local?.stop();
});
beforeEach(() => {
  local.server.emptyBucket(INPUT);
  local.server.emptyBucket(OUTPUT);
  proxy.faults.clear();
  logs = [];
});

const context = {
  awsRequestId: 'fault-test',
  functionName: 'textlens-analyze',
  getRemainingTimeInMillis: () => 300_000,
} as unknown as Context;

/** The handler as the Lambda builds it, but its client goes through the proxy. */
function handlerThroughProxy() {
  const logger = new Logger({ serviceName: 'textlens', logLevel: 'INFO' });
  (logger as unknown as { console: Record<string, (line: string) => void> }).console = Object.fromEntries(
    ['log', 'info', 'warn', 'error', 'debug', 'trace'].map((level) => [
      level,
      (line: string) => logs.push(JSON.parse(line)),
    ]),
  );
  return createAnalyzeHandler({
    s3: local.client({
      endpoint: proxy.endpoint,
      maxAttempts: S3_CLIENT_SETTINGS.maxAttempts,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    }),
    outputBucket: OUTPUT,
    maxDocumentBytes: 1024 * 1024,
    logger,
  });
}

async function upload(key: string, body: Uint8Array | string): Promise<SQSEvent> {
  await putObject(direct, INPUT, key, body);
  const eTag = await headETag(direct, INPUT, key);
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  return sqsEventForObjects([{ bucket: INPUT, key, size, eTag }]);
}

/** Reports and error reports in the output bucket (HTML views left out). */
async function reportKeys(): Promise<string[]> {
  return (await listKeys(direct, OUTPUT)).filter((key) => key.endsWith('.json'));
}

async function readReport(key: string) {
  const object = await getObject(direct, OUTPUT, key + REPORT_SUFFIX);
  if (!object) return undefined;
  const report = JSON.parse(object.text);
  validateReport(report);
  return { report, metadata: object.metadata };
}

const FAULTS: Fault[] = ['500', '503', 'reset', 'hang'];
const OPERATIONS: Array<{ operation: S3Operation; bucket: string; key: (k: string) => string }> = [
  { operation: 'GetObject', bucket: INPUT, key: (k) => k },
  { operation: 'PutObject', bucket: OUTPUT, key: (k) => k + REPORT_SUFFIX },
];

describe('S3 faults on the first attempts', () => {
  for (const { operation, bucket, key: target } of OPERATIONS) {
    for (const fault of FAULTS) {
      it(`${operation} ${fault} twice: retried by the SDK, the report lands in the same invocation`, async () => {
        const key = `faults/${operation}-${fault}.txt`;
        const event = await upload(key, readSample('news-river-flooding.txt'));
        const rule = proxy.faults.add({ operation, bucket, key: target(key), fault, times: 2 });
        const result = await handlerThroughProxy()(event, context);
        expect(result.batchItemFailures).toEqual([]);
        expect(rule.injected).toBe(2);
        expect(rule.matched).toBe(3);
        const written = await readReport(key);
        expect(written?.report.source.eTag).toBe(await headETag(direct, INPUT, key));
      });
    }
  }

  for (const [operation, fault] of [
    ['GetObject', '503'],
    ['PutObject', 'reset'],
    ['PutObject', 'hang'],
  ] as const) {
    it(`${operation} ${fault} on every attempt of the first delivery: the record fails, the redelivery lands`, async () => {
      const { bucket, key: target } = OPERATIONS.find((o) => o.operation === operation)!;
      const key = `faults/persistent-${operation}-${fault}.txt`;
      const other = 'faults/neighbour.txt';
      const event = await upload(key, readSample('opinion-city-transit.txt'));
      const neighbour = await upload(other, readSample('news-river-flooding.txt'));
      const batch: SQSEvent = { Records: [...event.Records, ...neighbour.Records] };
      proxy.faults.add({ operation, bucket, key: target(key), fault, times: S3_CLIENT_SETTINGS.maxAttempts });

      const handler = handlerThroughProxy();
      const first = await handler(batch, context);
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
      // The neighbour's report and view; for the failed key at most its view (written before the
      // report) when the report write is the one failing.
      expect(await reportKeys()).toEqual([other + REPORT_SUFFIX]);
      const failure = logs.find((l) => l.message === 'record failed; SQS will redeliver it');
      expect(failure).toMatchObject({ level: 'ERROR', key });

      // SQS redelivers the failed record; the fault has cleared.
      const second = await handler({ Records: event.Records }, context);
      expect(second.batchItemFailures).toEqual([]);
      expect((await readReport(key))?.report.source.key).toBe(key);
    });
  }
});

describe('a stale write racing a newer upload of the same key', () => {
  it('ends with the report of the final object, whichever write lands last', async () => {
    const key = 'race/overwritten.txt';
    const v1 = await upload(key, 'The first version talks about Paris and the river Seine.\n');
    // The first invocation's report upload is held in the proxy...
    proxy.faults.add({
      operation: 'PutObject',
      bucket: OUTPUT,
      key: key + REPORT_SUFFIX,
      fault: 'hold',
      times: 1,
    });
    const held = proxy.faults.held();
    const stale = handlerThroughProxy()(v1, context);
    await held;
    // ...while the object is replaced and the newer event is handled completely.
    const v2 = await upload(key, 'The second version is about Berlin and the river Spree.\n');
    const v2ETag = await headETag(direct, INPUT, key);
    expect((await handlerThroughProxy()(v2, context)).batchItemFailures).toEqual([]);
    expect((await readReport(key))?.report.source.eTag).toBe(v2ETag);
    // Now the stale upload lands.
    proxy.faults.release();
    expect((await stale).batchItemFailures).toEqual([]);

    const final = await readReport(key);
    expect(final?.report.source.eTag).toBe(v2ETag);
    expect(final?.metadata[REPORT_METADATA.sourceETag]).toBe(v2ETag);
    expect(final?.report.paragraphs[0].text).toContain('Berlin');
    expect(await listKeys(direct, OUTPUT)).toEqual([key + HTML_VIEW_SUFFIX, key + REPORT_SUFFIX]);
  });

  it('leaves only the error report when a text is replaced by a binary file during its analysis', async () => {
    const key = 'race/became-binary.txt';
    const v1 = await upload(key, 'A perfectly good article about Madrid.\n');
    proxy.faults.add({
      operation: 'PutObject',
      bucket: OUTPUT,
      key: key + REPORT_SUFFIX,
      fault: 'hold',
      times: 1,
    });
    const held = proxy.faults.held();
    const stale = handlerThroughProxy()(v1, context);
    await held;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const v2 = await upload(key, png);
    expect((await handlerThroughProxy()(v2, context)).batchItemFailures).toEqual([]);
    proxy.faults.release();
    expect((await stale).batchItemFailures).toEqual([]);
    expect(await listKeys(direct, OUTPUT)).toEqual([`${key}.error.json`]);
  });
});
