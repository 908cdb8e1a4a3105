/**
 * The real handler (createAnalyzeHandler) against a real S3-compatible server (fauxqs on
 * 127.0.0.1) through the real @aws-sdk/client-s3, fed with the SQS-wrapped S3 events kept in
 * samples/events/. Faults are injected as SDK middleware (S3 answering 503) or with a server
 * that never answers (timeouts).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzeHandler } from '../../functions/analyze/create-handler.ts';
import { sqsEventForObjects } from '../../functions/analyze/s3-event-builder.ts';
import {
  loadSampleEvent,
  loadSampleManifest,
  readObjectSource,
  type SampleEventEntry,
} from '../../functions/analyze/sample-events.ts';
import { analyze } from '../../functions/lib/analyze.ts';
import { HTML_CONTENT_TYPE, renderReportHtml } from '../../functions/lib/html-view.ts';
import {
  validateErrorReport,
  validateReport,
  validateReportParagraph,
} from '../../functions/lib/schema/validate.ts';
import { ANALYZER_VERSION } from '../../functions/lib/version.ts';
import {
  DEFAULT_MAX_DOCUMENT_BYTES,
  ERROR_REPORT_SUFFIX,
  HTML_VIEW_SUFFIX,
  LOCAL_NAMES,
  METRIC,
  PARAGRAPHS_SUFFIX,
  REPORT_METADATA,
  REPORT_SUFFIX,
} from '../../infra/settings.ts';
import { getObject, headETag, type LocalS3, listKeys, putObject, startLocalS3 } from '../helpers/local-s3.ts';
import { SAMPLES_DIR } from '../helpers/samples.ts';

const INPUT = LOCAL_NAMES.inputBucket;
const OUTPUT = LOCAL_NAMES.outputBucket;

let local: LocalS3;
let s3: S3Client;
/** Every S3 command the handler sent in the current test. */
let calls: { command: string; key?: string }[];
/** Keys whose GetObject/PutObject should fail with 503 SlowDown (fault injection). */
let failingKeys: Set<string>;
let logLines: Record<string, unknown>[];

beforeAll(async () => {
  local = await startLocalS3([INPUT, OUTPUT]);
});
afterAll(async () => {
  await local?.stop();
});

beforeEach(() => {
  local.server.emptyBucket(INPUT);
  local.server.emptyBucket(OUTPUT);
  calls = [];
  failingKeys = new Set();
  s3 = local.client();
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Bucket?: string };
      calls.push({ command: context.commandName as string, key: input.Key });
      if (input.Key && failingKeys.has(input.Key) && context.commandName !== 'HeadObjectCommand') {
        throw new S3ServiceException({
          name: 'SlowDown',
          $fault: 'server',
          $metadata: { httpStatusCode: 503 },
          message: 'Please reduce your request rate.',
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordAndInjectFaults' },
  );
  logLines = [];
});

function lambdaContext(remainingMs = 300_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'textlens-analyze',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:textlens-analyze',
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/textlens-analyze',
    logStreamName: '2026/01/15/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Powertools writes through its own `console` (a Console on stdout); replacing it collects the
 * JSON lines exactly as Lambda would receive them.
 */
function captureOutput<T extends object>(target: T): T {
  const collect = (line: unknown) => logLines.push(JSON.parse(String(line)));
  const capture = {
    log: collect,
    info: collect,
    warn: collect,
    error: collect,
    debug: collect,
    trace: collect,
  };
  (target as unknown as { console: typeof capture }).console = capture;
  return target;
}

function makeHandler(
  options: {
    maxDocumentBytes?: number;
    metrics?: Metrics;
    client?: S3Client;
    reportSplitBytes?: number;
  } = {},
) {
  return createAnalyzeHandler({
    s3: options.client ?? s3,
    outputBucket: OUTPUT,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    reportSplitBytes: options.reportSplitBytes,
    logger: captureOutput(new Logger({ serviceName: 'textlens', logLevel: 'DEBUG' })),
    metrics: options.metrics && captureOutput(options.metrics),
  });
}

const manifest = loadSampleManifest();
function sample(name: string): SampleEventEntry {
  const entry = manifest.find((e) => e.event === name);
  if (!entry) throw new Error(`no sample event ${name}`);
  return entry;
}

/** Puts the sample's objects in the input bucket and returns its event. */
async function seed(name: string): Promise<SQSEvent> {
  for (const object of sample(name).objects) {
    await putObject(s3, INPUT, object.key, readObjectSource(object.from));
  }
  calls = [];
  return loadSampleEvent(name);
}

async function readReport(key: string) {
  const object = await getObject(s3, OUTPUT, key + REPORT_SUFFIX);
  if (!object) return undefined;
  const report = JSON.parse(object.text);
  validateReport(report);
  return { ...object, report };
}

async function readErrorReport(key: string) {
  const object = await getObject(s3, OUTPUT, key + ERROR_REPORT_SUFFIX);
  if (!object) return undefined;
  const report = JSON.parse(object.text);
  validateErrorReport(report);
  return { ...object, report };
}

const commandsSent = (command: string) => calls.filter((c) => c.command === command);

describe('analyze handler against a local S3', () => {
  it('writes a schema-valid, deterministic report with its source metadata for an ordinary upload', async () => {
    const event = await seed('upload.json');
    const [object] = sample('upload.json').objects;
    const result = await makeHandler()(event, lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });

    const written = await readReport(object.key);
    expect(written).toBeDefined();
    const eTag = await headETag(s3, INPUT, object.key);
    expect(written!.contentType).toBe('application/json');
    expect(written!.metadata).toEqual({
      [REPORT_METADATA.sourceETag]: eTag,
      [REPORT_METADATA.analyzerVersion]: ANALYZER_VERSION,
    });
    expect(written!.report.source).toMatchObject({
      key: object.key,
      bucket: INPUT,
      eTag,
      format: 'markdown',
    });
    expect(written!.report.stats.paragraphs).toBeGreaterThan(0);
    // Same bytes as the core gives for the same input: the handler adds nothing of its own.
    const bytes = readObjectSource(object.from);
    const expected = analyze(bytes, {
      key: object.key,
      bucket: INPUT,
      eTag,
      contentType: 'application/octet-stream',
    });
    expect(written!.text).toBe(JSON.stringify(expected));
    expect(await listKeys(s3, OUTPUT)).toEqual([object.key + HTML_VIEW_SUFFIX, object.key + REPORT_SUFFIX]);
    // The HTML view beside it: the same report rendered, served as HTML, with the same metadata.
    const view = await getObject(s3, OUTPUT, object.key + HTML_VIEW_SUFFIX);
    expect(view!.contentType).toBe(HTML_CONTENT_TYPE);
    expect(view!.text).toBe(renderReportHtml(expected));
    expect(view!.metadata[REPORT_METADATA.sourceETag]).toBe(eTag);
  });

  it('decodes keys with spaces, "+", parentheses, accents and emoji', async () => {
    const event = await seed('upload-unicode-key.json');
    const [object] = sample('upload-unicode-key.json').objects;
    expect(JSON.parse(event.Records[0].body).Records[0].s3.object.key).toContain('%2B');
    const result = await makeHandler()(event, lambdaContext());
    expect(result.batchItemFailures).toEqual([]);
    expect(await listKeys(s3, OUTPUT)).toEqual([
      'articles/Café déjà vu + notes (draft) 🎵.txt.html',
      'articles/Café déjà vu + notes (draft) 🎵.txt.json',
    ]);
    expect((await readReport(object.key))!.report.source.key).toBe(object.key);
  });

  it('analyses multipart uploads (ObjectCreated:CompleteMultipartUpload)', async () => {
    const event = await seed('multipart-upload.json');
    const [object] = sample('multipart-upload.json').objects;
    expect((await makeHandler()(event, lambdaContext())).batchItemFailures).toEqual([]);
    expect((await readReport(object.key))!.report.source.format).toBe('html');
  });

  it('writes a DOCUMENT_TOO_LARGE error report for an oversized object without downloading it', async () => {
    const event = await seed('oversized.json');
    const [object] = sample('oversized.json').objects;
    const result = await makeHandler()(event, lambdaContext());
    expect(result.batchItemFailures).toEqual([]);
    expect(commandsSent('GetObjectCommand')).toEqual([]);
    const error = await readErrorReport(object.key);
    expect(error!.report.error.code).toBe('DOCUMENT_TOO_LARGE');
    expect(error!.report.source).toMatchObject({ key: object.key, bucket: INPUT, size: 51 * 1024 * 1024 });
    expect(error!.report.analyzer.version).toBe(ANALYZER_VERSION);
    expect(await readReport(object.key)).toBeUndefined();
  });

  it('accepts an object exactly at the limit and rejects one byte over', async () => {
    await putObject(s3, INPUT, 'limit/at.txt', `${'a'.repeat(99)}\n`);
    await putObject(s3, INPUT, 'limit/over.txt', `${'a'.repeat(100)}\n`);
    const event = sqsEventForObjects([
      { bucket: INPUT, key: 'limit/at.txt', size: 100, eTag: await headETag(s3, INPUT, 'limit/at.txt') },
      { bucket: INPUT, key: 'limit/over.txt', size: 101, eTag: await headETag(s3, INPUT, 'limit/over.txt') },
    ]);
    const result = await makeHandler({ maxDocumentBytes: 100 })(event, lambdaContext());
    expect(result.batchItemFailures).toEqual([]);
    expect(await listKeys(s3, OUTPUT)).toEqual([
      'limit/at.txt.html',
      'limit/at.txt.json',
      'limit/over.txt.error.json',
    ]);
  });

  it('writes the paragraphs of a report over the split size to <key>.paragraphs.jsonl, and removes it when the report shrinks', async () => {
    const key = 'books/long-read.txt';
    const article = ['news-river-flooding.txt', 'opinion-city-transit.txt', 'world-music-festival.txt']
      .map((name) => readFileSync(join(SAMPLES_DIR, name), 'utf8'))
      .join('\n\n')
      .repeat(4);
    await putObject(s3, INPUT, key, article);
    const eTag = await headETag(s3, INPUT, key);
    const event = sqsEventForObjects([{ bucket: INPUT, key, size: Buffer.byteLength(article), eTag }]);
    expect(
      (await makeHandler({ reportSplitBytes: 4_000 })(event, lambdaContext())).batchItemFailures,
    ).toEqual([]);
    expect(await listKeys(s3, OUTPUT)).toEqual([
      key + HTML_VIEW_SUFFIX,
      key + REPORT_SUFFIX,
      key + PARAGRAPHS_SUFFIX,
    ]);

    const summary = (await readReport(key))!;
    expect(summary.report.paragraphs).toBeUndefined();
    const file = await getObject(s3, OUTPUT, key + PARAGRAPHS_SUFFIX);
    expect(file!.metadata[REPORT_METADATA.sourceETag]).toBe(eTag);
    const lines = file!.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const line of lines) validateReportParagraph(line);
    expect(summary.report.paragraphsFile).toEqual({
      key: key + PARAGRAPHS_SUFFIX,
      format: 'jsonl',
      lines: lines.length,
      bytes: Buffer.byteLength(file!.text),
    });
    // The same paragraphs the in-memory analysis finds.
    expect(lines).toEqual(analyze(new TextEncoder().encode(article), { key }).paragraphs);
    expect((await getObject(s3, OUTPUT, key + HTML_VIEW_SUFFIX))!.text).toContain(
      `${key}${PARAGRAPHS_SUFFIX}`,
    );

    // A shorter version of the object: an ordinary report, and the old paragraphs file goes.
    await putObject(s3, INPUT, key, 'Just one short paragraph now.');
    const again = sqsEventForObjects([
      { bucket: INPUT, key, size: 29, eTag: await headETag(s3, INPUT, key) },
    ]);
    expect(
      (await makeHandler({ reportSplitBytes: 4_000 })(again, lambdaContext())).batchItemFailures,
    ).toEqual([]);
    expect(await listKeys(s3, OUTPUT)).toEqual([key + HTML_VIEW_SUFFIX, key + REPORT_SUFFIX]);
    expect((await readReport(key))!.report.paragraphs).toHaveLength(1);
  });

  it('writes a BINARY_CONTENT error report for a PNG named .txt', async () => {
    const event = await seed('binary.json');
    const [object] = sample('binary.json').objects;
    expect((await makeHandler()(event, lambdaContext())).batchItemFailures).toEqual([]);
    const error = await readErrorReport(object.key);
    expect(error!.report.error.code).toBe('BINARY_CONTENT');
    expect(error!.metadata[REPORT_METADATA.sourceETag]).toBe(await headETag(s3, INPUT, object.key));
    expect(await listKeys(s3, OUTPUT)).toEqual([object.key + ERROR_REPORT_SUFFIX]);
  });

  it('skips the S3 test event, folder markers and objects deleted before analysis, writing nothing', async () => {
    const handler = makeHandler();
    for (const name of ['s3-test-event.json', 'folder-marker.json', 'missing-object.json']) {
      const event = await seed(name);
      expect((await handler(event, lambdaContext())).batchItemFailures, name).toEqual([]);
    }
    expect(await listKeys(s3, OUTPUT)).toEqual([]);
    expect(commandsSent('PutObjectCommand')).toEqual([]);
    expect(logLines.some((l) => l.message === 'object no longer exists; nothing to analyse')).toBe(true);
  });

  it('fails only the record whose S3 read fails, and the report lands once the fault clears', async () => {
    const event = await seed('batch.json');
    const objects = sample('batch.json').objects;
    const failing = objects[1].key;
    failingKeys.add(failing);
    const result = await makeHandler()(event, lambdaContext());
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1].messageId }]);
    expect(await listKeys(s3, OUTPUT)).toEqual(
      [
        `${objects[0].key}${HTML_VIEW_SUFFIX}`,
        `${objects[0].key}${REPORT_SUFFIX}`,
        `${objects[2].key}${HTML_VIEW_SUFFIX}`,
        `${objects[2].key}${REPORT_SUFFIX}`,
        `${objects[3].key}${ERROR_REPORT_SUFFIX}`,
      ].sort(),
    );
    expect(logLines.find((l) => l.message === 'record failed; SQS will redeliver it')).toMatchObject({
      key: failing,
      error: { name: 'SlowDown', httpStatusCode: 503 },
    });

    // SQS redelivers only the failed record; the fault has cleared.
    failingKeys.clear();
    const retry: SQSEvent = { Records: [event.Records[1]] };
    expect((await makeHandler()(retry, lambdaContext())).batchItemFailures).toEqual([]);
    expect(await readReport(failing)).toBeDefined();
  });

  it('fails the record when writing the report fails (so SQS retries and finally dead-letters it)', async () => {
    const event = await seed('upload.json');
    const [object] = sample('upload.json').objects;
    failingKeys.add(object.key + REPORT_SUFFIX);
    const result = await makeHandler()(event, lambdaContext());
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
    // The HTML view went first and was removed again when the JSON (what marks the work done)
    // failed: no stray view; the redelivery does the whole object again.
    expect(await listKeys(s3, OUTPUT)).toEqual([]);
  });

  it('fails a record on an S3 timeout instead of hanging', async () => {
    const silent: Server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const slowClient = local.client({ endpoint: `http://127.0.0.1:${port}`, requestTimeoutMs: 300 });
      const event = loadSampleEvent('upload.json');
      const started = performance.now();
      const result = await makeHandler({ client: slowClient })(event, lambdaContext());
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('skips a duplicate event when the report exists for the same eTag and analyzer version', async () => {
    const event = await seed('upload.json');
    const [object] = sample('upload.json').objects;
    await makeHandler()(event, lambdaContext());
    const first = await getObject(s3, OUTPUT, object.key + REPORT_SUFFIX);
    calls = [];
    expect((await makeHandler()(event, lambdaContext())).batchItemFailures).toEqual([]);
    expect(commandsSent('GetObjectCommand')).toEqual([]);
    expect(commandsSent('PutObjectCommand')).toEqual([]);
    expect((await getObject(s3, OUTPUT, object.key + REPORT_SUFFIX))!.text).toBe(first!.text);
  });

  it('re-analyses when the object changed or the report came from another analyzer version', async () => {
    const event = await seed('upload.json');
    const [object] = sample('upload.json').objects;
    // A report from an older analyzer version: rewritten.
    await putObject(s3, OUTPUT, object.key + REPORT_SUFFIX, '{}', 'application/json');
    await makeHandler()(event, lambdaContext());
    expect((await readReport(object.key))!.metadata[REPORT_METADATA.analyzerVersion]).toBe(ANALYZER_VERSION);

    // Overwritten with other content, same (stale) event: the report follows the current object.
    await putObject(s3, INPUT, object.key, '# Changed\n\nA different article about Paris.\n');
    await makeHandler()(event, lambdaContext());
    const written = await readReport(object.key);
    expect(written!.report.source.eTag).toBe(await headETag(s3, INPUT, object.key));
    expect(written!.report.source.eTag).not.toBe(JSON.parse(event.Records[0].body).Records[0].s3.object.eTag);
  });

  it('keeps exactly one of report and error report per key when an upload is replaced', async () => {
    const key = 'articles/replaced.txt';
    const eventFor = async () =>
      sqsEventForObjects([{ bucket: INPUT, key, size: 0, eTag: await headETag(s3, INPUT, key) }]);
    await putObject(s3, INPUT, key, readObjectSource({ file: 'samples/events/objects/pixel.png' }));
    await makeHandler()(await eventFor(), lambdaContext());
    expect(await listKeys(s3, OUTPUT)).toEqual([key + ERROR_REPORT_SUFFIX]);
    await putObject(s3, INPUT, key, 'Now a real article about the river Thames in London.\n');
    await makeHandler()(await eventFor(), lambdaContext());
    expect(await listKeys(s3, OUTPUT)).toEqual([key + HTML_VIEW_SUFFIX, key + REPORT_SUFFIX]);
    // And back: a bad upload removes both the report and its HTML view.
    await putObject(s3, INPUT, key, readObjectSource({ file: 'samples/events/objects/pixel.png' }));
    await makeHandler()(await eventFor(), lambdaContext());
    expect(await listKeys(s3, OUTPUT)).toEqual([key + ERROR_REPORT_SUFFIX]);
  });

  it('sends malformed messages to the dead-letter path (failed item) and keeps the rest of the batch', async () => {
    const good = await seed('upload.json');
    const bad = { ...good.Records[0], messageId: 'not-an-s3-event', body: '{"hello": "world"}' };
    const broken = { ...good.Records[0], messageId: 'not-json', body: 'hello' };
    const result = await makeHandler()({ Records: [bad, good.Records[0], broken] }, lambdaContext());
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'not-an-s3-event' },
      { itemIdentifier: 'not-json' },
    ]);
    expect(await listKeys(s3, OUTPUT)).toHaveLength(2);
  });

  it('hands the batch back to SQS when too little time is left to start a record', async () => {
    const event = await seed('batch.json');
    const result = await makeHandler()(event, lambdaContext(10_000));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      event.Records.map((r) => r.messageId),
    );
    expect(calls).toEqual([]);
  });

  it('reserves time in proportion to the size a record announces before starting it', async () => {
    const small = await seed('upload.json');
    const [object] = sample('upload.json').objects;
    // The same object announced as 40 MB needs 30 s + 40 x 3 s = 150 s to start.
    const eTag = await headETag(s3, INPUT, object.key);
    const large = sqsEventForObjects([{ key: object.key, bucket: INPUT, eTag, size: 40 * 1024 * 1024 }]);
    const fewer = lambdaContext(100_000);
    calls = [];
    expect((await makeHandler()(large, fewer)).batchItemFailures).toHaveLength(1);
    expect(calls).toEqual([]);
    expect((await makeHandler()(small, fewer)).batchItemFailures).toEqual([]);
    expect((await makeHandler()(large, lambdaContext(160_000))).batchItemFailures).toEqual([]);
  });

  it('logs keys, eTags, request id and timings as JSON, but never contents or environment values', async () => {
    const event = await seed('upload.json');
    const [object] = sample('upload.json').objects;
    process.env.TEXTLENS_TEST_SECRET = 'do-not-log-this-value';
    try {
      await makeHandler()(event, lambdaContext());
    } finally {
      delete process.env.TEXTLENS_TEST_SECRET;
    }
    const written = logLines.find((l) => l.message === 'report written');
    expect(written).toMatchObject({
      level: 'INFO',
      service: 'textlens',
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      key: object.key,
      bucket: INPUT,
      eTag: await headETag(s3, INPUT, object.key),
      messageId: event.Records[0].messageId,
    });
    for (const timing of ['headMs', 'analyzeMs', 'uploadMs', 'totalMs']) {
      expect(typeof written![timing], timing).toBe('number');
    }
    const allLogs = JSON.stringify(logLines);
    const article = new TextDecoder().decode(readObjectSource(object.from));
    const sentence = article
      .split('\n')
      .find((line) => line.length > 60)!
      .slice(0, 60);
    expect(allLogs).not.toContain(sentence);
    expect(allLogs).not.toContain('do-not-log-this-value');
  });

  it('publishes documents, paragraphs, bytes and error reports as EMF metrics', async () => {
    const event = await seed('batch.json');
    await makeHandler({ metrics: new Metrics({ namespace: 'Textlens', serviceName: 'textlens' }) })(
      event,
      lambdaContext(),
    );
    const emf = logLines.filter((l) => '_aws' in l);
    expect(emf).toHaveLength(1);
    // Powertools stores repeated values of a metric as an array: sum them.
    const total = (name: string) =>
      [emf[0][name] ?? []].flat().reduce((sum: number, v) => sum + Number(v), 0);
    expect(total(METRIC.documents)).toBe(3);
    expect(total(METRIC.errorReports)).toBe(1);
    expect(total(METRIC.paragraphs)).toBeGreaterThanOrEqual(3);
    expect(total(METRIC.bytes)).toBeGreaterThan(1000);
    expect(total(METRIC.failures)).toBe(0);
  });
});
