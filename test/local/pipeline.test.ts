/**
 * End to end through the local pipeline: real @aws-sdk/client-s3 uploads into the embedded
 * server, S3-shaped events on the queue, the real handler in Lambda-like child processes, and
 * schema-valid reports in the output bucket.
 */
import { CopyObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateErrorReport, validateReport } from '../../functions/lib/schema/validate.ts';
import { getJson, startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { readSample, sampleNames } from '../helpers/samples.ts';

let stack: TestStack;
/** Objects created in the input bucket, by decoded key, with the event name they were given. */
const sentEvents = new Map<string, { eventName: string }>();
/** Objects created in the output bucket (reports, error reports, HTML views). */
let outputsCreated = 0;

beforeAll(async () => {
  // A 10 MiB limit (the default is 50 MiB) keeps the oversized upload below small.
  stack = await startTestStack({ wiring: { maxDocumentBytes: 10 * 1024 * 1024 } });
  const notify = stack.bridge.notify;
  stack.bridge.notify = (notice) => {
    if (notice.bucket === stack.wiring.inputBucket)
      sentEvents.set(notice.key, { eventName: notice.eventName });
    else outputsCreated += 1;
    notify(notice);
  };
});
afterAll(async () => {
  await stack?.stop();
});

const put = (key: string, body: Uint8Array | string, contentType?: string) =>
  stack.s3.send(
    new PutObjectCommand({
      Bucket: stack.wiring.inputBucket,
      Key: key,
      Body: body,
      ContentType: contentType,
    }),
  );
const output = (key: string) => getJson(stack.s3, stack.wiring.outputBucket, key);

describe('local pipeline', () => {
  it('starts quickly on 127.0.0.1 with the stack names', () => {
    expect(stack.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.startMs).toBeLessThan(5_000);
    expect(stack.queueUrl).toContain(stack.wiring.queueName);
  });

  it('reports every sample article with a schema-valid report', async () => {
    const names = sampleNames();
    await Promise.all(names.map((name) => put(`samples/${name}`, readSample(name))));
    for (const name of names) {
      const outputKey = await stack.reportWritten(`samples/${name}`);
      expect(outputKey).toBe(`samples/${name}.json`);
      const report = (await output(outputKey)) as { source: { key: string } };
      validateReport(report);
      expect(report.source.key).toBe(`samples/${name}`);
    }
  });

  it('handles a key with spaces, "+", parentheses and unicode exactly as S3 encodes it', async () => {
    const key = 'news/2026 (draft)/Café + Zoë déjà vu 🎵!.txt';
    await put(key, readSample('world-music-festival.txt'));
    const outputKey = await stack.reportWritten(key);
    expect(outputKey).toBe(`${key}.json`);
    const report = (await output(outputKey)) as { source: { key: string } };
    validateReport(report);
    expect(report.source.key).toBe(key);
  });

  it('announces a 12 MB multipart upload as CompleteMultipartUpload and rejects it by size (10 MiB limit)', async () => {
    const key = 'big/merged-feed.txt';
    const unit = readSample('news-river-flooding.txt');
    const body = new Uint8Array(12 * 1024 * 1024);
    for (let offset = 0; offset < body.length; offset += unit.length)
      body.set(unit.subarray(0, body.length - offset), offset);
    await new Upload({
      client: stack.s3,
      params: { Bucket: stack.wiring.inputBucket, Key: key, Body: body },
    }).done();
    expect(await stack.reportWritten(key)).toBe(`${key}.error.json`);
    expect(sentEvents.get(key)?.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    const errorReport = (await output(`${key}.error.json`)) as {
      error: { code: string };
      source: { size: number };
    };
    validateErrorReport(errorReport);
    expect(errorReport.error.code).toBe('DOCUMENT_TOO_LARGE');
    expect(errorReport.source.size).toBe(body.length);
  });

  it('writes an error report for a PNG named .txt, and analyses the files around it', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
    ]);
    await Promise.all([
      put('poison/before.txt', readSample('opinion-city-transit.txt')),
      put('poison/picture.txt', png, 'text/plain'),
      put('poison/after.md', readSample('business-chipmaker-results.md')),
    ]);
    expect(await stack.reportWritten('poison/picture.txt')).toBe('poison/picture.txt.error.json');
    const errorReport = (await output('poison/picture.txt.error.json')) as { error: { code: string } };
    validateErrorReport(errorReport);
    expect(errorReport.error.code).toBe('BINARY_CONTENT');
    for (const key of ['poison/before.txt', 'poison/after.md']) {
      validateReport(await output(await stack.reportWritten(key)));
    }
  });

  it('announces CopyObject as ObjectCreated:Copy', async () => {
    await stack.s3.send(
      new CopyObjectCommand({
        Bucket: stack.wiring.inputBucket,
        Key: 'copies/transit.txt',
        CopySource: `${stack.wiring.inputBucket}/poison/before.txt`,
      }),
    );
    expect(await stack.reportWritten('copies/transit.txt')).toBe('copies/transit.txt.json');
    expect(sentEvents.get('copies/transit.txt')?.eventName).toBe('ObjectCreated:Copy');
  });

  it('reports every one of 200 uploads made in a burst', { timeout: 120_000 }, async () => {
    const names = sampleNames();
    const keys = Array.from(
      { length: 200 },
      (_, i) => `burst/${String(i).padStart(3, '0')}-${names[i % names.length]}`,
    );
    const started = performance.now();
    await Promise.all(keys.map((key, i) => put(key, readSample(names[i % names.length]))));
    const outputs = await Promise.all(keys.map((key) => stack.reportWritten(key, 110_000)));
    const seconds = (performance.now() - started) / 1000;
    expect(outputs).toEqual(keys.map((key) => `${key}.json`));
    console.log(
      `[local pipeline] 200-upload burst: ${seconds.toFixed(1)} s, ${(200 / seconds).toFixed(1)} docs/s`,
    );
    await stack.bridge.drain();
    expect(stack.bridge.stats.failed).toBe(0);
    expect(stack.problems).toEqual([]);
  });

  it('announces each upload once and never a report (outputs cannot trigger analysis)', async () => {
    const uploads = [...sentEvents.keys()];
    expect(stack.bridge.stats.sent).toBe(uploads.length);
    expect(outputsCreated).toBeGreaterThanOrEqual(uploads.length);
    expect(stack.bridge.stats.filteredOut).toBe(outputsCreated);
    // Every event was received exactly once: nothing failed, nothing was redelivered. (The last
    // invocation is counted after its messages are deleted, a moment after its report landed.)
    await expect.poll(() => stack.poller.stats.records, { timeout: 10_000 }).toBe(uploads.length);
    expect(stack.poller.stats.retried).toBe(0);
  });
});
