/**
 * Failure paths of the local runner: partial batch failures, messages that fail on every
 * delivery, an invocation killed at the timeout and an environment out of memory; each is
 * redelivered and, after the receive limit, dead-lettered, while other messages are unharmed.
 * Short visibility timeouts make the redeliveries happen within the test.
 */
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import {
  getJson,
  startTestStack,
  type TestStack,
  waitFor,
  waitForDeadLetters,
} from '../helpers/local-stack.ts';
import { readSample } from '../helpers/samples.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/test-handlers.ts', import.meta.url));
const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

const quickRedelivery = { visibilityTimeoutSeconds: 1, maxBatchingWindowSeconds: 0, maxReceiveCount: 3 };

describe('redelivery and dead-lettering', () => {
  it('dead-letters a message the real handler fails on every delivery, and analyses the others', {
    timeout: 60_000,
  }, async () => {
    const stack = await startTestStack({
      wiring: { ...quickRedelivery, visibilityTimeoutSeconds: 2, concurrency: 1 },
    });
    stacks.push(stack);
    // Not an S3 event: the handler fails it (retrying cannot help, but a human must look).
    await stack.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: '{"not":"an S3 event"}' }),
    );
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.wiring.inputBucket,
        Key: 'ok/river.txt',
        Body: readSample('news-river-flooding.txt'),
      }),
    );
    validateReport(
      await getJson(stack.s3, stack.wiring.outputBucket, await stack.reportWritten('ok/river.txt')),
    );
    const deadLettered = await waitForDeadLetters(stack, 40_000);
    expect(deadLettered.map((m) => m.Body)).toEqual(['{"not":"an S3 event"}']);
    expect(stack.poller.stats.retried).toBe(3);
  });

  it("runs the handler with the function's NODE_OPTIONS (gc exposed, as the stack sets it)", {
    timeout: 30_000,
  }, async () => {
    const stack = await startTestStack({
      wiring: { ...quickRedelivery, concurrency: 1 },
      handler: { handlerModule: FIXTURES, handlerExport: 'failWithoutGc' },
    });
    stacks.push(stack);
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: 'any' }));
    await waitFor(
      () => (stack.poller.stats.deleted === 1 ? true : undefined),
      20_000,
      'the record to be deleted',
    );
    expect(stack.poller.stats.retried).toBe(0);
  });

  it('deletes succeeded records and redelivers failed ones until the receive limit', {
    timeout: 30_000,
  }, async () => {
    const stack = await startTestStack({
      wiring: { ...quickRedelivery, concurrency: 1, batchSize: 10 },
      handler: { handlerModule: FIXTURES, handlerExport: 'failMarked' },
    });
    stacks.push(stack);
    for (const body of ['ok-1', 'fail-1', 'ok-2']) {
      await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: body }));
    }
    const deadLettered = await waitForDeadLetters(stack, 20_000);
    expect(deadLettered.map((m) => m.Body)).toEqual(['fail-1']);
    expect(stack.poller.stats.deleted).toBe(2);
    expect(stack.poller.stats.retried).toBe(3);
  });

  it('kills an invocation at the timeout, redelivers its batch, and dead-letters it at the limit', {
    timeout: 30_000,
  }, async () => {
    const stack = await startTestStack({
      wiring: {
        ...quickRedelivery,
        functionTimeoutSeconds: 1,
        maxReceiveCount: 2,
        concurrency: 1,
        batchSize: 1,
      },
      handler: { handlerModule: FIXTURES, handlerExport: 'hangOnMarker' },
    });
    stacks.push(stack);
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: 'hang' }));
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: 'fine' }));
    const deadLettered = await waitForDeadLetters(stack, 20_000);
    expect(deadLettered.map((m) => m.Body)).toEqual(['hang']);
    // The other message may still be in a fresh (cold) environment when the move happens.
    await waitFor(
      async () => (stack.poller.stats.deleted === 1 ? true : undefined),
      10_000,
      'the other message',
    );
    expect(stack.poller.stats.timeouts).toBe(2);
    // Each kill costs a cold start: the first environment plus one per timeout.
    expect(stack.environments[0].coldStarts).toBeGreaterThanOrEqual(2);
    expect(stack.problems.filter((p) => p.includes('timed out'))).toHaveLength(2);
  });

  it('survives an environment running out of memory (Lambda heap flags), redelivering its batch', {
    timeout: 30_000,
  }, async () => {
    const stack = await startTestStack({
      wiring: { ...quickRedelivery, memoryMb: 128, maxReceiveCount: 1, concurrency: 1, batchSize: 1 },
      handler: { handlerModule: FIXTURES, handlerExport: 'exhaustHeapOnMarker' },
    });
    stacks.push(stack);
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: 'oom' }));
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: 'fine' }));
    const deadLettered = await waitForDeadLetters(stack, 20_000);
    expect(deadLettered.map((m) => m.Body)).toEqual(['oom']);
    await waitFor(
      async () => (stack.poller.stats.deleted === 1 ? true : undefined),
      10_000,
      'the other message',
    );
    expect(stack.poller.stats.crashes).toBe(1);
    expect(stack.logs.some((line) => /heap out of memory/i.test(line))).toBe(true);
  });
});
