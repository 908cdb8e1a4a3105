/**
 * Faults through the LOCAL PIPELINE, with the real handler in its Lambda-like child processes and
 * faults injected into the embedded S3 server the handler talks to:
 * - a report write that always fails: redelivered up to the receive limit, dead-lettered, the
 *   failure logged and counted (EMF), the other messages of its batch unaffected;
 * - the handler process killed mid-batch at the timeout (its download hangs): what was written
 *   before is intact and not rewritten, the unfinished messages are redelivered and land;
 * - duplicate deliveries of one event and two quick uploads of the same key: exactly one report,
 *   for the final object (its eTag), never a mix of two versions.
 * Short visibility timeouts make redeliveries happen within the test.
 */
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorReport } from '../../functions/lib/error-report.ts';
import { validateErrorReport, validateReport } from '../../functions/lib/schema/validate.ts';
import type { Report } from '../../functions/lib/types.ts';
import { sendObjectCreatedEvent } from '../../functions/local/event-bridge.ts';
import type { InvocationSummary } from '../../functions/local/poller.ts';
import type { LocalStackOptions } from '../../functions/local/stack.ts';
import { ERROR_REPORT_SUFFIX, HTML_VIEW_SUFFIX, METRIC, REPORT_SUFFIX } from '../../infra/settings.ts';
import { FaultInjector, installFaults } from '../helpers/fault-proxy.ts';
import {
  drainQueue,
  getJson,
  startTestStack,
  type TestStack,
  waitFor,
  waitForDeadLetters,
} from '../helpers/local-stack.ts';
import { readSample } from '../helpers/samples.ts';

const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

/** A stack with faults, a log of output writes and of invocations. */
async function faultyStack(options: LocalStackOptions = {}) {
  const faults = new FaultInjector();
  const outputWrites: string[] = [];
  const invocations: InvocationSummary[] = [];
  const stack = await startTestStack({
    ...options,
    configureServer: installFaults(faults),
    onInvocation: (summary) => invocations.push(summary),
    onObjectCreated: (notice) => {
      if (notice.bucket !== stack.wiring.inputBucket) outputWrites.push(notice.key);
    },
  });
  stacks.push(stack);
  const put = (key: string, body: Uint8Array | string) =>
    stack.s3.send(new PutObjectCommand({ Bucket: stack.wiring.inputBucket, Key: key, Body: body }));
  const eTagOf = async (key: string) =>
    (
      (await stack.s3.send(new HeadObjectCommand({ Bucket: stack.wiring.inputBucket, Key: key }))).ETag ?? ''
    ).replace(/"/g, '');
  const outputKeys = async (prefix: string) =>
    (
      (await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.wiring.outputBucket, Prefix: prefix })))
        .Contents ?? []
    ).map((o) => o.Key!);
  return { stack, faults, outputWrites, invocations, put, eTagOf, outputKeys };
}

/**
 * One environment, batches of 5 taken in one receive (no batching window, so a short visibility
 * timeout cannot expire while a batch is still being gathered), quick redelivery.
 */
/** The real handler with an out-of-memory fault (see the fixture). */
const OOM_HANDLER = fileURLToPath(new URL('./fixtures/oom-handler.ts', import.meta.url));

const quick = {
  visibilityTimeoutSeconds: 2,
  maxReceiveCount: 3,
  concurrency: 1,
  batchSize: 5,
  maxBatchingWindowSeconds: 0,
};

describe('faults through the local pipeline', () => {
  it('persistent report write failure: retried to the limit, dead-lettered, logged and counted; the batch is unaffected', {
    timeout: 90_000,
  }, async () => {
    const { stack, faults, put, outputKeys } = await faultyStack({ wiring: quick });
    const doomed = 'write-fails/doomed.txt';
    const others = ['write-fails/a.txt', 'write-fails/b.txt', 'write-fails/c.txt'];
    const rule = faults.add({
      operation: 'PutObject',
      bucket: stack.wiring.outputBucket,
      key: doomed + REPORT_SUFFIX,
      fault: '500',
      times: Number.POSITIVE_INFINITY,
    });
    await Promise.all([doomed, ...others].map((key) => put(key, readSample('news-river-flooding.txt'))));
    for (const key of others)
      validateReport(await getJson(stack.s3, stack.wiring.outputBucket, await stack.reportWritten(key)));

    const deadLettered = await waitForDeadLetters(stack, 60_000);
    expect(deadLettered).toHaveLength(1);
    expect(JSON.parse(deadLettered[0].Body!).Records[0].s3.object.key).toBe('write-fails/doomed.txt');
    // No report and no error report (the HTML view, written first, may be there: docs/bad-files.md).
    expect((await outputKeys('write-fails/doomed')).filter((k) => k.endsWith('.json'))).toEqual([]);
    // Each of the 3 deliveries made the SDK's 3 attempts.
    expect(rule.injected).toBe(3 * 3);

    const logs = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const failures = logs.filter((l) => l.message === 'record failed; SQS will redeliver it');
    expect(failures).toHaveLength(3);
    for (const failure of failures) {
      expect(failure).toMatchObject({ level: 'ERROR', key: doomed, error: { httpStatusCode: 500 } });
    }
    expect(failures.map((f) => f.receiveCount)).toEqual([1, 2, 3]);
    // EMF: the failures are counted as a metric.
    const counted = logs
      .filter((l) => '_aws' in l && METRIC.failures in l)
      .reduce((sum, l) => sum + [l[METRIC.failures]].flat().reduce((s: number, v) => s + Number(v), 0), 0);
    expect(counted).toBe(3);
  });

  it('the handler killed mid-batch at the timeout: nothing written is corrupted, the rest is redelivered', {
    timeout: 120_000,
  }, async () => {
    // The handler starts no small record with less than RECORD_START_MARGIN_MS (30 s) left, so the
    // function timeout must exceed it for anything to run; the kill comes 32 s in.
    const { stack, faults, put, eTagOf, outputWrites, invocations } = await faultyStack({
      wiring: {
        ...quick,
        functionTimeoutSeconds: 32,
        visibilityTimeoutSeconds: 5,
        maxBatchingWindowSeconds: 2,
      },
    });
    const first = ['kill/a.txt', 'kill/b.txt'];
    const rest = ['kill/c.txt', 'kill/d.txt', 'kill/e.txt'];
    const keys = [...first, ...rest];
    // c's download never answers (both attempts that fit in the invocation), so the invocation
    // is killed at the timeout after a and b were written and before d and e were started.
    faults.add({
      operation: 'GetObject',
      bucket: stack.wiring.inputBucket,
      key: 'kill/c.txt',
      fault: 'hang',
      times: 2,
    });
    await Promise.all(first.map((key) => put(key, readSample('opinion-city-transit.txt'))));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(rest.map((key) => put(key, readSample('opinion-city-transit.txt'))));
    const before = new Map<string, unknown>();
    for (const key of first) {
      const outputKey = await stack.reportWritten(key, 30_000);
      before.set(key, await getJson(stack.s3, stack.wiring.outputBucket, outputKey));
    }
    for (const key of keys) {
      const report = (await getJson(
        stack.s3,
        stack.wiring.outputBucket,
        await stack.reportWritten(key, 90_000),
      )) as Report;
      validateReport(report);
      expect(report.source.eTag).toBe(await eTagOf(key));
      if (before.has(key)) expect(report).toEqual(before.get(key));
    }
    const killed = invocations.filter((i) => i.result.status === 'timeout');
    expect(killed).toHaveLength(1);
    expect(killed[0].messageIds).toHaveLength(5);
    expect(killed[0].deleted).toBe(0);
    await waitFor(
      () => (stack.poller.stats.deleted === keys.length ? true : undefined),
      20_000,
      'all deletes',
    );
    // Written once each: what landed before the kill was skipped (not rewritten) on redelivery.
    expect(outputWrites.filter((k) => k.endsWith(REPORT_SUFFIX)).sort()).toEqual(
      keys.map((k) => k + REPORT_SUFFIX),
    );
    expect(stack.problems.filter((p) => p.includes('timed out'))).toHaveLength(1);
    expect(await drainQueue(stack.sqs, stack.deadLetterQueueUrl)).toEqual([]);
  });
});

describe('the real handler out of memory mid-batch', () => {
  it('what was written before stays intact; the batch is redelivered and every other record is analysed', {
    timeout: 120_000,
  }, async () => {
    const { stack, put, eTagOf, outputWrites, outputKeys, invocations } = await faultyStack({
      wiring: { ...quick, memoryMb: 256 },
      handler: { handlerModule: OOM_HANDLER, handlerExport: 'analyzeUntilHeapExhausted' },
    });
    const before = ['oom/a.txt', 'oom/b.txt'];
    const poison = 'oom/exhaust-heap.txt';
    const after = 'oom/d.txt';
    await Promise.all(before.map((key) => put(key, readSample('opinion-city-transit.txt'))));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await put(poison, readSample('news-river-flooding.txt'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await put(after, readSample('world-music-festival.txt'));

    const written = new Map<string, unknown>();
    for (const key of before) {
      written.set(
        key,
        await getJson(stack.s3, stack.wiring.outputBucket, await stack.reportWritten(key, 30_000)),
      );
    }
    const deadLettered = await waitForDeadLetters(stack, 60_000);
    // A crash fails the whole batch, so its messages share the poison record's receive count and
    // may be dead-lettered with it (redriving them later finds their reports current). What
    // matters: the record that crashes is among them, and every other key has its report.
    expect(deadLettered.map((m) => JSON.parse(m.Body ?? '{}').Records?.[0]?.s3?.object?.key)).toContain(
      poison,
    );
    const last = (await getJson(
      stack.s3,
      stack.wiring.outputBucket,
      await stack.reportWritten(after, 60_000),
    )) as Report;
    expect(last.source.eTag).toBe(await eTagOf(after));
    // Reports written before each crash are still there, unchanged, and were written once.
    for (const key of before) {
      expect(await getJson(stack.s3, stack.wiring.outputBucket, key + REPORT_SUFFIX)).toEqual(
        written.get(key),
      );
    }
    expect(outputWrites.filter((k) => k.endsWith(REPORT_SUFFIX)).sort()).toEqual(
      [...before, after].map((k) => k + REPORT_SUFFIX).sort(),
    );
    expect((await outputKeys('oom/')).filter((k) => k.startsWith(poison))).toEqual([]);
    expect(invocations.filter((i) => i.result.status === 'crashed')).toHaveLength(quick.maxReceiveCount);
    expect(stack.logs.some((line) => /heap out of memory/i.test(line))).toBe(true);
  });
});

describe('duplicates and overwrites through the local pipeline', () => {
  it('the same event delivered four times at once: one report, for that object', {
    timeout: 60_000,
  }, async () => {
    const { stack, put, eTagOf, outputKeys, outputWrites } = await faultyStack({
      wiring: { maxBatchingWindowSeconds: 0, batchSize: 1 },
    });
    const key = 'dup/article.txt';
    const body = readSample('news-river-flooding.txt');
    await put(key, body);
    const eTag = await eTagOf(key);
    const object = {
      bucket: stack.wiring.inputBucket,
      key,
      size: body.byteLength,
      eTag,
      region: stack.wiring.region,
    };
    await Promise.all([1, 2, 3].map(() => sendObjectCreatedEvent(stack.sqs, stack.queueUrl, object)));
    await waitFor(() => (stack.poller.stats.deleted >= 4 ? true : undefined), 40_000, 'four deliveries');
    expect(await outputKeys('dup/')).toEqual([key + HTML_VIEW_SUFFIX, key + REPORT_SUFFIX]);
    const report = (await getJson(stack.s3, stack.wiring.outputBucket, key + REPORT_SUFFIX)) as Report;
    validateReport(report);
    expect(report.source.eTag).toBe(eTag);
    // At most one write per concurrent environment; the rest found the report current.
    expect(outputWrites.filter((k) => k.endsWith(REPORT_SUFFIX)).length).toBeLessThanOrEqual(
      stack.wiring.concurrency,
    );
    expect(stack.problems).toEqual([]);
  });

  it("two quick uploads of the same key: the report is the final object's, never a mix", {
    timeout: 90_000,
  }, async () => {
    const { stack, put, eTagOf, outputKeys } = await faultyStack({
      wiring: { maxBatchingWindowSeconds: 0, batchSize: 1 },
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const article = (city: string) =>
      `An article about ${city}. ${'The council met and talked. '.repeat(200)}`;
    const pairs: Array<{
      key: string;
      first: Uint8Array | string;
      second: Uint8Array | string;
      final: 'report' | 'error';
    }> = [
      ...['Paris', 'Rome', 'Oslo', 'Lima'].map((city, i) => ({
        key: `overwrite/text-${i}.txt`,
        first: readSample('news-river-flooding.txt'),
        second: article(city),
        final: 'report' as const,
      })),
      { key: 'overwrite/text-then-png.txt', first: article('Madrid'), second: png, final: 'error' },
      { key: 'overwrite/png-then-text.txt', first: png, second: article('Vienna'), final: 'report' },
    ];
    await Promise.all(
      pairs.map(async (pair) => {
        await put(pair.key, pair.first);
        await put(pair.key, pair.second);
      }),
    );
    await stack.bridge.drain();
    // Settled: the queue is empty and every sent event was handled.
    await waitFor(
      () => (stack.poller.stats.deleted >= pairs.length * 2 ? true : undefined),
      60_000,
      'all events',
    );
    for (const pair of pairs) {
      const eTag = await eTagOf(pair.key);
      const suffix = pair.final === 'report' ? REPORT_SUFFIX : ERROR_REPORT_SUFFIX;
      expect(await outputKeys(pair.key)).toEqual(
        pair.final === 'report' ? [pair.key + HTML_VIEW_SUFFIX, pair.key + suffix] : [pair.key + suffix],
      );
      const output = (await getJson(stack.s3, stack.wiring.outputBucket, pair.key + suffix)) as
        | Report
        | ErrorReport;
      if (pair.final === 'report') {
        validateReport(output);
        expect((output as Report).paragraphs?.[0].text).toBe(String(pair.second).trim());
      } else {
        validateErrorReport(output);
      }
      expect(output.source.eTag).toBe(eTag);
    }
    expect(stack.problems).toEqual([]);
  });
});
