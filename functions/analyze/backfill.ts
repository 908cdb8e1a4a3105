/**
 * The backfill entry into the analyze handler: what the Step Functions Distributed Map of the
 * stack (`infra/constructs/backfill.ts`) sends the function, one batch of listed objects per
 * child execution, turned into the SQS-wrapped S3 event the event path receives (built by the
 * same `s3-event-builder.ts`), and run through the very same handler. There is no second copy of
 * the per-object logic: duplicate check, size limit, error reports and report metadata are the
 * event path's.
 *
 * Shape of a batch (the map's ItemSelector + ItemBatcher produce it):
 * `{ "Items": [{ "key", "size", "eTag" }], "BatchInput": { "bucket", "suffixes"? } }`.
 * Keys come from ListObjectsV2, i.e. not URL-encoded.
 *
 * Failures: a record the handler could not finish (S3 throttling, timeouts, the time margin)
 * makes the invocation throw {@link BackfillBatchError}; the state machine retries the whole
 * batch with backoff, and the objects already done are skipped by the handler's duplicate check
 * (their report is current), so a retry only costs a HeadObject per finished object.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type CreatedObject, sqsEventForObjects } from './s3-event-builder.ts';

/** One object as the map's ItemSelector passes it (from ListObjectsV2). */
export interface BackfillItem {
  key: string;
  size: number;
  /** ETag as ListObjectsV2 gives it (with quotes) or bare. */
  eTag: string;
}

/** What every batch carries besides its items (the map's ItemBatcher `BatchInput`). */
export interface BackfillBatchInput {
  bucket: string;
  /**
   * The stack's notification suffixes: the event path analyses only keys with one of them, so
   * the backfill skips the others too. Empty or absent: every key.
   */
  suffixes?: readonly string[];
}

/** The event one child execution of the Distributed Map sends the function. */
export interface BackfillBatch {
  Items: BackfillItem[];
  BatchInput: BackfillBatchInput;
}

/** What the function returns to the child execution (kept small: it lands in the run's results). */
export interface BackfillResult {
  objects: number;
  /** Keys left out because they do not end with a notification suffix, or are folder markers. */
  filteredOut: number;
}

/** Thrown when part of a batch must be retried; its name is the error the state machine retries on. */
export class BackfillBatchError extends Error {
  readonly keys: readonly string[];

  constructor(keys: readonly string[]) {
    super(`${keys.length} object(s) not finished, the batch will be retried: ${keys.slice(0, 5).join(', ')}`);
    this.name = 'BackfillBatchError';
    this.keys = keys;
  }
}

/** True when an event is a backfill batch (and not an SQS event). */
export function isBackfillBatch(event: unknown): event is BackfillBatch {
  const candidate = event as Partial<BackfillBatch> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Array.isArray(candidate.Items) &&
    typeof candidate.BatchInput?.bucket === 'string'
  );
}

/** The objects of a batch as the event path would have announced them. */
export function backfillObjects(batch: BackfillBatch): { objects: CreatedObject[]; filteredOut: number } {
  const suffixes = batch.BatchInput.suffixes ?? [];
  const objects: CreatedObject[] = [];
  let filteredOut = 0;
  for (const item of batch.Items) {
    const wanted = suffixes.length === 0 || suffixes.some((suffix) => item.key.endsWith(suffix));
    if (!wanted || typeof item.key !== 'string' || item.key === '') {
      filteredOut += 1;
      continue;
    }
    objects.push({
      bucket: batch.BatchInput.bucket,
      key: item.key,
      size: Number(item.size ?? 0),
      eTag: String(item.eTag ?? '').replace(/^"|"$/g, ''),
    });
  }
  return { objects, filteredOut };
}

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Wraps the event-path handler so it also takes backfill batches. */
export function createBackfillHandler(
  sqsHandler: SqsHandler,
): (batch: BackfillBatch, context: Context) => Promise<BackfillResult> {
  return async (batch, context) => {
    const { objects, filteredOut } = backfillObjects(batch);
    if (objects.length === 0) return { objects: 0, filteredOut };
    const event = sqsEventForObjects(objects);
    const response = await sqsHandler(event, context);
    const failedIds = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const failedKeys = event.Records.flatMap((record, index) =>
      failedIds.has(record.messageId) ? [objects[index].key] : [],
    );
    if (failedKeys.length > 0) throw new BackfillBatchError(failedKeys);
    return { objects: objects.length, filteredOut };
  };
}
