/**
 * The SQS event source mapping, locally: pollers receive batches from the work queue and invoke
 * a Lambda environment with them, then delete what succeeded. Semantics follow AWS:
 * - a batch is up to `batchSize` messages, gathered for at most `maxBatchingWindowSeconds`;
 * - with `ReportBatchItemFailures`, messages named in `batchItemFailures` stay on the queue and
 *   the rest are deleted; a malformed response (an unknown or empty identifier) fails the batch;
 * - an invocation that throws, times out or crashes deletes nothing: every message in the batch
 *   becomes visible again after the visibility timeout, and SQS's redrive policy moves a message
 *   to the dead-letter queue after `maxReceiveCount` receives.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { InvocationResult, LambdaEnvironment } from './lambda-environment.ts';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** One polling loop per environment: the environments are the concurrency. */
  environments: readonly LambdaEnvironment[];
  /** Called after every invocation (progress output, tests, load measurements). */
  onInvocation?: (summary: InvocationSummary) => void;
  /** Called when receiving or deleting fails (the loop retries after a pause). */
  onError?: (error: unknown) => void;
}

/** What one invocation did to its batch. */
export interface InvocationSummary {
  result: InvocationResult;
  messageIds: string[];
  /** Messages deleted because they succeeded. */
  deleted: number;
  /** Messages left on the queue for redelivery. */
  retried: number;
}

/** Running pollers; `stop` ends them. */
export interface Poller {
  readonly stats: {
    invocations: number;
    records: number;
    deleted: number;
    retried: number;
    timeouts: number;
    crashes: number;
    errors: number;
  };
  /** Stops receiving, waits for the invocations in flight (at most `graceMs`), then returns. */
  stop(graceMs?: number): Promise<void>;
}

const LONG_POLL_SECONDS = 20;
const ERROR_PAUSE_MS = 1_000;

/** Turns received messages into the event Lambda's SQS event source passes to the handler. */
export function toSqsEvent(messages: readonly Message[], queueArn: string, region: string): SQSEvent {
  const records: SQSRecord[] = messages.map((message) => {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? '000000000000',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    };
  });
  return { Records: records };
}

/**
 * Which messages of a batch succeeded, per the partial batch response contract. `undefined`
 * means the whole batch failed (the response names an identifier that is not in the batch).
 */
export function succeededMessages(messages: readonly Message[], response: unknown): Message[] | undefined {
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return [...messages];
  if (!Array.isArray(failures)) return undefined;
  const ids = new Set(messages.map((m) => m.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return undefined;
    failed.add(id);
  }
  return messages.filter((m) => !failed.has(m.MessageId ?? ''));
}

/** Starts one polling loop per environment. */
export function startPoller(options: PollerOptions): Poller {
  const abort = new AbortController();
  const stats = { invocations: 0, records: 0, deleted: 0, retried: 0, timeouts: 0, crashes: 0, errors: 0 };
  const batchSize = Math.min(10, Math.max(1, options.batchSize));

  async function receive(max: number, waitSeconds: number): Promise<Message[]> {
    const response = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return response.Messages ?? [];
  }

  /** Long-polls for a first message, then fills the batch until it is full or the window ends. */
  async function receiveBatch(): Promise<Message[]> {
    const batch = await receive(batchSize, LONG_POLL_SECONDS);
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + options.maxBatchingWindowSeconds * 1000;
    while (batch.length < batchSize && !abort.signal.aborted) {
      const left = windowEnds - Date.now();
      if (left <= 0) break;
      // WaitTimeSeconds is whole seconds; a long poll returns as soon as a message arrives.
      batch.push(...(await receive(batchSize - batch.length, Math.max(1, Math.ceil(left / 1000)))));
    }
    return batch;
  }

  async function deleteMessages(messages: readonly Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      const response = await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      if (response.Failed && response.Failed.length > 0) {
        options.onError?.(new Error(`could not delete ${response.Failed.length} processed message(s)`));
      }
    }
  }

  async function loop(environment: LambdaEnvironment): Promise<void> {
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        messages = await receiveBatch();
      } catch (error) {
        if (abort.signal.aborted) return;
        options.onError?.(error);
        await pause(ERROR_PAUSE_MS, abort.signal);
        continue;
      }
      if (messages.length === 0) continue;
      const result = await environment.invoke(toSqsEvent(messages, options.queueArn, options.region));
      const succeeded = result.status === 'ok' ? (succeededMessages(messages, result.response) ?? []) : [];
      try {
        if (succeeded.length > 0) await deleteMessages(succeeded);
      } catch (error) {
        // Not deleted means redelivered: the handler's duplicate check makes that harmless.
        options.onError?.(error);
      }
      stats.invocations += 1;
      stats.records += messages.length;
      stats.deleted += succeeded.length;
      stats.retried += messages.length - succeeded.length;
      if (result.status === 'timeout') stats.timeouts += 1;
      else if (result.status === 'crashed') stats.crashes += 1;
      else if (result.status !== 'ok') stats.errors += 1;
      options.onInvocation?.({
        result,
        messageIds: messages.map((m) => m.MessageId ?? ''),
        deleted: succeeded.length,
        retried: messages.length - succeeded.length,
      });
    }
  }

  const loops = options.environments.map((environment) => loop(environment));
  return {
    stats,
    async stop(graceMs = 5_000) {
      abort.abort();
      // Invocations still running after the grace period end when the caller stops the
      // environments (the loops then see the abort and return).
      await Promise.race([
        Promise.allSettled(loops),
        new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
