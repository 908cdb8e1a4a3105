/** Unit tests of the local runner's pure parts: request classification, filters, batch responses. */
import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { lambdaNodeFlags } from '../../functions/local/lambda-environment.ts';
import { succeededMessages, toSqsEvent } from '../../functions/local/poller.ts';
import { classifyObjectCreation } from '../../functions/local/s3-server.ts';
import {
  defaultLocalWiring,
  matchesNotificationFilter,
  workQueueAttributes,
} from '../../functions/local/wiring.ts';

const request = (
  method: string,
  key: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
) => ({
  method,
  params: { bucket: 'in', '*': key },
  query,
  headers,
  routeOptions: { url: '/:bucket/*' },
});

describe('classifyObjectCreation', () => {
  it('recognises the three object-creating calls', () => {
    expect(classifyObjectCreation(request('PUT', 'a b.txt', { 'x-id': 'PutObject' }))).toEqual({
      bucket: 'in',
      key: 'a b.txt',
      eventName: 'ObjectCreated:Put',
    });
    expect(
      classifyObjectCreation(request('PUT', 'c.txt', {}, { 'x-amz-copy-source': 'in/a.txt' }))?.eventName,
    ).toBe('ObjectCreated:Copy');
    expect(classifyObjectCreation(request('POST', 'big.txt', { uploadId: 'u1' }))?.eventName).toBe(
      'ObjectCreated:CompleteMultipartUpload',
    );
  });

  it('ignores parts, multipart starts, sub-resources, bucket calls and reads', () => {
    expect(
      classifyObjectCreation(request('PUT', 'big.txt', { uploadId: 'u1', partNumber: '1' })),
    ).toBeUndefined();
    expect(classifyObjectCreation(request('POST', 'big.txt', { uploads: '' }))).toBeUndefined();
    expect(classifyObjectCreation(request('PUT', 'a.txt', { tagging: '' }))).toBeUndefined();
    expect(classifyObjectCreation(request('PUT', ''))).toBeUndefined();
    expect(classifyObjectCreation(request('GET', 'a.txt'))).toBeUndefined();
    expect(
      classifyObjectCreation({ ...request('PUT', 'x'), routeOptions: { url: '/:bucket' } }),
    ).toBeUndefined();
  });
});

describe('notification filters', () => {
  it('matches like S3: prefix and any of the suffixes, on the plain key', () => {
    expect(matchesNotificationFilter('any/key', { suffixes: [] })).toBe(true);
    const filter = { prefix: 'in/', suffixes: ['.txt', '.md'] };
    expect(matchesNotificationFilter('in/a b.txt', filter)).toBe(true);
    expect(matchesNotificationFilter('in/a.md', filter)).toBe(true);
    expect(matchesNotificationFilter('in/a.html', filter)).toBe(false);
    expect(matchesNotificationFilter('out/a.txt', filter)).toBe(false);
  });

  it('sets the redrive policy and visibility timeout on the work queue', () => {
    const wiring = defaultLocalWiring();
    const attributes = workQueueAttributes(wiring, 'arn:aws:sqs:us-east-1:000000000000:dlq');
    expect(attributes.VisibilityTimeout).toBe(String(wiring.visibilityTimeoutSeconds));
    expect(JSON.parse(attributes.RedrivePolicy)).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      maxReceiveCount: wiring.maxReceiveCount,
    });
  });
});

describe('partial batch responses', () => {
  const messages: Message[] = ['a', 'b', 'c'].map((id) => ({
    MessageId: id,
    ReceiptHandle: `r-${id}`,
    Body: id,
  }));

  it('deletes all but the reported failures', () => {
    expect(succeededMessages(messages, { batchItemFailures: [] })).toHaveLength(3);
    expect(succeededMessages(messages, null)).toHaveLength(3);
    expect(
      succeededMessages(messages, { batchItemFailures: [{ itemIdentifier: 'b' }] })?.map((m) => m.MessageId),
    ).toEqual(['a', 'c']);
  });

  it('fails the whole batch on an identifier that is not in it (AWS does the same)', () => {
    expect(succeededMessages(messages, { batchItemFailures: [{ itemIdentifier: 'zzz' }] })).toBeUndefined();
    expect(succeededMessages(messages, { batchItemFailures: [{ itemIdentifier: '' }] })).toBeUndefined();
    expect(succeededMessages(messages, { batchItemFailures: 'b' })).toBeUndefined();
  });

  it('builds SQS records the way the event source does', () => {
    const event = toSqsEvent(
      [{ ...messages[0], Attributes: { ApproximateReceiveCount: '3' }, MD5OfBody: 'md5' }],
      'arn:aws:sqs:us-east-1:000000000000:q',
      'us-east-1',
    );
    expect(event.Records[0]).toMatchObject({
      messageId: 'a',
      body: 'a',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
      attributes: { ApproximateReceiveCount: '3' },
    });
  });
});

describe('Lambda heap flags', () => {
  it('derive from the memory size like the Lambda runtime', () => {
    expect(lambdaNodeFlags(1024)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
    expect(lambdaNodeFlags(128)).toEqual(['--max-semi-space-size=6', '--max-old-space-size=116']);
  });
});
