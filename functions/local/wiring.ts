/**
 * The local pipeline's wiring: names, queue attributes, event-source settings and Lambda limits,
 * all derived from `infra/settings.ts` (the same constants the CDK stack reads), so the local run
 * behaves like the deployed one. A test compares this against the synthesized template.
 *
 * Overrides exist for tests and experiments only (a 1-second visibility timeout makes
 * redelivery observable in a test; AWS's 30 minutes would not be).
 */
import { availableParallelism } from 'node:os';
import {
  BATCH_SIZE,
  DEFAULT_MAX_DOCUMENT_BYTES,
  DEFAULT_MEMORY_MB,
  DEFAULT_NOTIFICATION_PREFIX,
  DEFAULT_NOTIFICATION_SUFFIXES,
  FUNCTION_TIMEOUT_SECONDS,
  LOCAL_NAMES,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_CONCURRENCY,
  MAX_RECEIVE_COUNT,
  VISIBILITY_TIMEOUT_SECONDS,
} from '../../infra/settings.ts';

/** S3 notification filter: an object matches when it has the prefix and one of the suffixes. */
export interface NotificationFilter {
  /** Only keys starting with this; `undefined` for any key. */
  prefix?: string;
  /** Keys ending with one of these; empty for any key. */
  suffixes: readonly string[];
}

/** Everything the local pipeline needs to imitate the deployed stack. */
export interface LocalWiring {
  inputBucket: string;
  outputBucket: string;
  queueName: string;
  deadLetterQueueName: string;
  notification: NotificationFilter;
  /** Records per invocation (event source mapping `BatchSize`). */
  batchSize: number;
  /** How long the poller waits to fill a batch (event source `MaximumBatchingWindowInSeconds`). */
  maxBatchingWindowSeconds: number;
  /** Warm Lambda environments, i.e. concurrent invocations (event source `MaximumConcurrency`). */
  concurrency: number;
  /** Receives before SQS moves a message to the dead-letter queue (`RedrivePolicy`). */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
  /** Hard limit of one invocation; the environment is killed when it is reached. */
  functionTimeoutSeconds: number;
  /** Lambda memory size; sets the V8 heap limits of the environment's process. */
  memoryMb: number;
  maxDocumentBytes: number;
  /** Region written into queue ARNs and event records. */
  region: string;
}

/** Region of the local pipeline (any value works; this is the SDK's and fauxqs's default). */
export const LOCAL_REGION = 'us-east-1';

/**
 * The wiring of `npm start`: the deployed stack's settings, with concurrency capped at the
 * machine's cores (Lambda would run up to {@link MAX_CONCURRENCY} environments on their own CPUs;
 * here more processes than cores only slows each one down).
 */
export function defaultLocalWiring(overrides: Partial<LocalWiring> = {}): LocalWiring {
  return {
    inputBucket: LOCAL_NAMES.inputBucket,
    outputBucket: LOCAL_NAMES.outputBucket,
    queueName: LOCAL_NAMES.queue,
    deadLetterQueueName: LOCAL_NAMES.deadLetterQueue,
    notification: { prefix: DEFAULT_NOTIFICATION_PREFIX, suffixes: [...DEFAULT_NOTIFICATION_SUFFIXES] },
    batchSize: BATCH_SIZE,
    maxBatchingWindowSeconds: MAX_BATCHING_WINDOW_SECONDS,
    concurrency: Math.max(1, Math.min(availableParallelism(), MAX_CONCURRENCY)),
    maxReceiveCount: MAX_RECEIVE_COUNT,
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
    functionTimeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
    memoryMb: DEFAULT_MEMORY_MB,
    maxDocumentBytes: DEFAULT_MAX_DOCUMENT_BYTES,
    region: LOCAL_REGION,
    ...overrides,
  };
}

/**
 * True when S3 would send a notification for `key` under `filter`. S3 matches filters against
 * the plain (not URL-encoded) key, case-sensitively.
 */
export function matchesNotificationFilter(key: string, filter: NotificationFilter): boolean {
  if (filter.prefix && !key.startsWith(filter.prefix)) return false;
  return filter.suffixes.length === 0 || filter.suffixes.some((suffix) => key.endsWith(suffix));
}

/** SQS attributes of the work queue, as the stack sets them. */
export function workQueueAttributes(wiring: LocalWiring, deadLetterQueueArn: string): Record<string, string> {
  return {
    VisibilityTimeout: String(wiring.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetterQueueArn,
      maxReceiveCount: wiring.maxReceiveCount,
    }),
  };
}
