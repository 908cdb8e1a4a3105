/**
 * `textlens reanalyze` locally (issue 9): a prefix of 300 uploads whose reports were made by an
 * older analyzer version (a model update) is re-enqueued through the embedded queue as real S3
 * events, and every report ends up rewritten by the current version; `--only-stale` sends only
 * the stale ones. The uploads are stored without announcing them (the bridge is paused) and
 * their old reports are written directly, so the test does not pay for a first analysis.
 */
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ListedObject,
  listObjects,
  reanalyzeLocally,
  staleness,
  startBackfill,
  waitUntilCurrent,
} from '../../functions/cli/commands/reanalyze.ts';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import { ANALYZER_VERSION } from '../../functions/lib/version.ts';
import { REPORT_METADATA } from '../../infra/settings.ts';
import { getJson, startTestStack, type TestStack } from '../helpers/local-stack.ts';

const OLD_VERSION = '0.0.1-before-the-model-update';

let stack: TestStack;
let announce: TestStack['bridge']['notify'];
const events: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  announce = stack.bridge.notify;
  // Uploads of this test are stored silently; only reanalyze puts events on the queue.
  stack.bridge.notify = () => {};
  const send = stack.sqs.send.bind(stack.sqs) as SQSClient['send'];
  stack.sqs.send = ((command: { input?: { Entries?: unknown[] } }, ...rest: unknown[]) => {
    if (command.constructor.name === 'SendMessageBatchCommand')
      events.push(...(command.input?.Entries ?? []).map(String));
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as SQSClient['send'];
});
afterAll(async () => {
  if (stack) stack.bridge.notify = announce;
  await stack?.stop();
});

function article(n: number): string {
  return [
    `Report ${n}: the harbour authority of Port Elwin approved a new ferry terminal on Tuesday.`,
    `Mayor Ana Ruiz said the project would create ${100 + n} jobs, while critics warned about costs.`,
    '',
    `Construction starts in spring. Residents of district ${n % 12} welcomed the decision.`,
  ].join('\n');
}

/** Uploads `count` articles under `prefix`, and writes a report of the given kind for each. */
async function seed(
  prefix: string,
  count: number,
  reportFor: (index: number) => 'old' | 'current' | 'none',
): Promise<ListedObject[]> {
  const { inputBucket, outputBucket } = stack.wiring;
  const keys = Array.from({ length: count }, (_, i) => `${prefix}article-${String(i).padStart(3, '0')}.txt`);
  const objects: ListedObject[] = [];
  for (let i = 0; i < keys.length; i += 25) {
    await Promise.all(
      keys.slice(i, i + 25).map(async (key, offset) => {
        const index = i + offset;
        const put = await stack.s3.send(
          new PutObjectCommand({
            Bucket: inputBucket,
            Key: key,
            Body: article(index),
            ContentType: 'text/plain',
          }),
        );
        const eTag = (put.ETag ?? '').replace(/"/g, '');
        objects.push({ key, size: article(index).length, eTag });
        const kind = reportFor(index);
        if (kind === 'none') return;
        await stack.s3.send(
          new PutObjectCommand({
            Bucket: outputBucket,
            Key: `${key}.json`,
            Body: JSON.stringify({ placeholder: kind }),
            ContentType: 'application/json',
            Metadata: {
              [REPORT_METADATA.sourceETag]: eTag,
              [REPORT_METADATA.analyzerVersion]: kind === 'old' ? OLD_VERSION : ANALYZER_VERSION,
            },
          }),
        );
      }),
    );
  }
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}

async function reportVersion(key: string): Promise<string | undefined> {
  const head = await stack.s3.send(
    new HeadObjectCommand({ Bucket: stack.wiring.outputBucket, Key: `${key}.json` }),
  );
  return head.Metadata?.[REPORT_METADATA.analyzerVersion];
}

describe('textlens reanalyze (local)', () => {
  it('reanalyses a prefix of 300 objects after a version bump: every report rewritten by the current version', async () => {
    const objects = await seed('bulk/', 300, () => 'old');
    // Outside the prefix: must be left alone.
    const outside = await seed('other/', 5, () => 'old');
    expect(await listObjects(stack.s3, stack.wiring.inputBucket, 'bulk/')).toHaveLength(300);

    const started = performance.now();
    const result = await reanalyzeLocally({
      s3: stack.s3,
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      inputBucket: stack.wiring.inputBucket,
      outputBucket: stack.wiring.outputBucket,
      prefix: 'bulk/',
      region: stack.wiring.region,
    });
    expect(result).toMatchObject({ listed: 300, enqueued: 300, current: 0 });
    const enqueueMs = performance.now() - started;
    const notCurrent = await waitUntilCurrent(stack.s3, stack.wiring.outputBucket, objects, 240_000);
    const totalMs = performance.now() - started;
    console.log(
      `reanalyze 300 objects: enqueue ${Math.round(enqueueMs)} ms, all reports current after ${Math.round(totalMs)} ms (${stack.wiring.concurrency} environments); invocations ${stack.poller.stats.invocations}`,
    );
    expect(notCurrent).toEqual([]);
    expect(stack.problems).toEqual([]);

    for (const object of [objects[0], objects[149], objects[299]]) {
      const report = (await getJson(stack.s3, stack.wiring.outputBucket, `${object.key}.json`)) as {
        source: { key: string; eTag?: string };
      };
      validateReport(report);
      expect(report.source.key).toBe(object.key);
    }
    for (const object of outside) expect(await reportVersion(object.key)).toBe(OLD_VERSION);
    // Nothing went to the dead-letter queue and nothing is left to do.
    expect(stack.poller.stats.retried).toBe(0);
  }, 300_000);

  it('--only-stale sends only objects whose report is missing or from another version, and leaves current ones untouched', async () => {
    // 0, 3, 6, ...: old version; 1, 4, ...: no report; 2, 5, ...: current.
    const kinds = ['old', 'none', 'current'] as const;
    const objects = await seed('mixed/', 60, (i) => kinds[i % 3]);
    const sentBefore = events.length;
    const result = await reanalyzeLocally({
      s3: stack.s3,
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      inputBucket: stack.wiring.inputBucket,
      outputBucket: stack.wiring.outputBucket,
      prefix: 'mixed/',
      onlyStale: true,
    });
    expect(result).toMatchObject({
      listed: 60,
      current: 20,
      enqueued: 40,
      reasons: { 'other-version': 20, missing: 20 },
    });
    expect(events.length - sentBefore).toBe(40);
    expect(await waitUntilCurrent(stack.s3, stack.wiring.outputBucket, objects, 120_000)).toEqual([]);
    // Current reports were not rewritten (their placeholder body is still there).
    const untouched = (await getJson(
      stack.s3,
      stack.wiring.outputBucket,
      `${objects[2].key}.json`,
    )) as object;
    expect(untouched).toEqual({ placeholder: 'current' });
    const redone = (await getJson(stack.s3, stack.wiring.outputBucket, `${objects[0].key}.json`)) as object;
    expect(redone).not.toHaveProperty('placeholder');

    // Running it again finds nothing to do.
    const again = await reanalyzeLocally({
      s3: stack.s3,
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      inputBucket: stack.wiring.inputBucket,
      outputBucket: stack.wiring.outputBucket,
      prefix: 'mixed/',
      onlyStale: true,
    });
    expect(again).toMatchObject({ listed: 60, current: 60, enqueued: 0 });
  }, 180_000);
});

describe('staleness rule (same as the handler duplicate check)', () => {
  const object = { key: 'a.txt', size: 1, eTag: 'e1' };
  it('is current only for the same source eTag and analyzer version, on the report or the error report', () => {
    expect(staleness(object, [undefined, undefined])).toBe('missing');
    expect(staleness(object, [{ sourceETag: 'e1', analyzerVersion: ANALYZER_VERSION }, undefined])).toBe(
      'current',
    );
    expect(staleness(object, [undefined, { sourceETag: 'e1', analyzerVersion: ANALYZER_VERSION }])).toBe(
      'current',
    );
    expect(staleness(object, [{ sourceETag: 'e1', analyzerVersion: OLD_VERSION }, undefined])).toBe(
      'other-version',
    );
    expect(staleness(object, [{ sourceETag: 'e0', analyzerVersion: ANALYZER_VERSION }, undefined])).toBe(
      'other-source',
    );
    // A report written by something else (no metadata) is never current.
    expect(staleness(object, [{ sourceETag: '', analyzerVersion: '' }, undefined])).toBe('other-source');
  });
});

describe('textlens reanalyze (AWS)', () => {
  it('starts the backfill state machine with the prefix as input', async () => {
    const sent: { input: { stateMachineArn: string; name: string; input: string } }[] = [];
    const sfn = {
      send: async (command: never) => {
        sent.push(command);
        return { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:backfill:x' };
      },
    };
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:backfill';
    expect(await startBackfill(sfn as never, arn, 'news/2026/')).toContain(':execution:');
    expect(sent).toHaveLength(1);
    expect(sent[0].input.stateMachineArn).toBe(arn);
    expect(JSON.parse(sent[0].input.input)).toEqual({ prefix: 'news/2026/' });
    // Execution names: 1-80 of [A-Za-z0-9-_], unique per start.
    expect(sent[0].input.name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});
