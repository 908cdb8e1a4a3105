/**
 * A burst of uploads (mixed sizes, ~2% binary) through the local pipeline: every
 * key gets exactly one report or error report, none written twice. CI runs 150 of 1 KB-256 KB;
 * `npm run load` runs the full 1,000 of 1 KB-1 MB (numbers in docs/bad-files.md, "Load").
 */

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createEventBridge } from '../../functions/local/event-bridge.ts';
import { describeBurst, runBurst } from '../../scripts/lib/load-burst.ts';
import { startTestStack } from '../helpers/local-stack.ts';

const COUNT = Number(process.env.LOAD_COUNT ?? 150);

describe('load', () => {
  it(`${COUNT} uploads in a burst: every key gets its report or error report, none twice`, {
    timeout: 240_000,
  }, async () => {
    // 1 KB-256 KB keeps CI under a minute; `npm run load` uses the full 1 KB-1 MB range.
    const result = await runBurst({ count: COUNT, maxBytes: 256 * 1024, timeoutMs: 200_000 });
    console.log(`[load] ${describeBurst(result)}`);
    expect(result.missing).toEqual([]);
    expect(result.writtenTwice).toEqual([]);
    expect(result.both).toEqual([]);
    expect(result.reports + result.errorReports).toBe(COUNT);
    expect(result.errorReports).toBeGreaterThan(0);
    expect(result.problems).toEqual([]);
    expect(result.poller.retried).toBe(0);
  });

  it('the upload -> event bridge delivers a burst of 1,000 notices without losing one', {
    timeout: 60_000,
  }, async () => {
    // 1,000 notices at once used to mean 2,000 concurrent HEAD/SendMessage calls queued inside
    // the SDK past its 3 s connection timeout: 45 of 1,000 events of a burst were lost.
    const stack = await startTestStack({ wiring: { concurrency: 1 } });
    try {
      await stack.s3.send(
        new PutObjectCommand({ Bucket: stack.wiring.inputBucket, Key: 'x/one.txt', Body: 'One.' }),
      );
      const queue = await stack.sqs.send(new CreateQueueCommand({ QueueName: 'bridge-burst' }));
      const problems: string[] = [];
      const bridge = createEventBridge({
        s3: stack.s3,
        sqs: stack.sqs,
        queueUrl: queue.QueueUrl!,
        bucket: stack.wiring.inputBucket,
        filter: { suffixes: [] },
        region: stack.wiring.region,
        onError: (_notice, error) => problems.push(String(error)),
      });
      for (let i = 0; i < 1000; i++)
        bridge.notify({ bucket: stack.wiring.inputBucket, key: 'x/one.txt', eventName: 'ObjectCreated:Put' });
      await bridge.drain();
      expect(problems).toEqual([]);
      expect(bridge.stats).toMatchObject({ sent: 1000, failed: 0 });
      const attributes = await stack.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.QueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      expect(Number(attributes.Attributes?.ApproximateNumberOfMessages)).toBe(1000);
    } finally {
      await stack.stop();
    }
  });
});
