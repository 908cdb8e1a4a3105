/** Test helpers for the local pipeline: a stack on a free port and waiting for its reports. */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Message } from '@aws-sdk/client-sqs';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../functions/local/stack.ts';
import { ERROR_REPORT_SUFFIX, REPORT_SUFFIX } from '../../infra/settings.ts';

/** A stack whose output-bucket writes can be awaited per key (no polling). */
export interface TestStack extends LocalStack {
  /** Resolves with the output key written for `key` (report or error report). */
  reportWritten(key: string, timeoutMs?: number): Promise<string>;
  /** Handler log lines collected so far. */
  logs: string[];
  problems: string[];
}

export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  const written = new Map<string, string>();
  const waiters = new Map<string, (outputKey: string) => void>();
  const logs: string[] = [];
  const problems: string[] = [];
  const stack = await startLocalStack({
    port: 0,
    ...options,
    onLog: (line) => logs.push(line),
    onProblem: (message) => problems.push(message),
    onObjectCreated: (notice) => {
      options.onObjectCreated?.(notice);
      const suffix = notice.key.endsWith(ERROR_REPORT_SUFFIX) ? ERROR_REPORT_SUFFIX : REPORT_SUFFIX;
      if (!notice.key.endsWith(suffix)) return;
      const source = notice.key.slice(0, -suffix.length);
      written.set(source, notice.key);
      waiters.get(source)?.(notice.key);
    },
  });
  return Object.assign(stack, {
    logs,
    problems,
    reportWritten(key: string, timeoutMs = 20_000) {
      const done = written.get(key);
      if (done) return Promise.resolve(done);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(key);
          reject(new Error(`no report for ${key} within ${timeoutMs} ms; problems: ${problems.join('; ')}`));
        }, timeoutMs);
        waiters.set(key, (outputKey) => {
          clearTimeout(timer);
          waiters.delete(key);
          resolve(outputKey);
        });
      });
    },
  });
}

export async function getJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await response.Body!.transformToString());
}

/** Polls `probe` every 100 ms until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the stack's dead-letter queue holds messages and receives them. */
export function waitForDeadLetters(
  stack: { sqs: SQSClient; deadLetterQueueUrl: string },
  timeoutMs: number,
): Promise<Message[]> {
  return waitFor(
    async () => {
      const messages = await drainQueue(stack.sqs, stack.deadLetterQueueUrl);
      return messages.length > 0 ? messages : undefined;
    },
    timeoutMs,
    'the dead-letter queue',
  );
}

/** Receives everything currently in a queue (for dead-letter assertions). */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (!response.Messages?.length) return messages;
    messages.push(...response.Messages);
  }
}
