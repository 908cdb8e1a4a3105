/**
 * Upload -> queue bridge: what S3's notification configuration does on AWS. Every object created
 * in the input bucket that matches the notification filter becomes one S3 event message on the
 * work queue, with the size and eTag HeadObject reports (fauxqs does not put them in its hook).
 *
 * Delivery is asynchronous and unordered across keys, like S3's. A notice that cannot be
 * delivered (the queue is gone, the server is stopping) is counted and reported through
 * `onError`, never dropped silently.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { type CreatedObject, objectCreatedRecord } from '../analyze/s3-event-builder.ts';
import type { ObjectCreatedNotice } from './s3-server.ts';
import { matchesNotificationFilter, type NotificationFilter } from './wiring.ts';

export interface EventBridgeOptions {
  s3: S3Client;
  sqs: SQSClient;
  queueUrl: string;
  /** Only objects in this bucket are announced (outputs must never trigger analysis). */
  bucket: string;
  filter: NotificationFilter;
  region: string;
  /** Called when an event could not be sent. */
  onError?: (notice: ObjectCreatedNotice, error: unknown) => void;
  /** Called after an event was sent (for progress displays and tests). */
  onSent?: (object: CreatedObject) => void;
}

export interface EventBridge {
  /** Hand a created object to the bridge (called by the server's hook). */
  notify(notice: ObjectCreatedNotice): void;
  /** Resolves when every notice received so far has been sent (or failed). */
  drain(): Promise<void>;
  readonly stats: { sent: number; filteredOut: number; failed: number };
}

/**
 * Sends one ObjectCreated event for an object to a queue, one record per message as S3 does
 * (also the way to re-enqueue existing objects for reanalysis).
 */
export async function sendObjectCreatedEvent(
  sqs: SQSClient,
  queueUrl: string,
  object: CreatedObject,
): Promise<void> {
  const event: S3Event = { Records: [objectCreatedRecord(object)] };
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
}

/** Looks up size and eTag of an object, or `undefined` when it is gone already. */
async function describeObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ size: number; eTag: string; versionId?: string } | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return {
      size: head.ContentLength ?? 0,
      eTag: (head.ETag ?? '').replace(/^"|"$/g, ''),
      ...(head.VersionId && { versionId: head.VersionId }),
    };
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
}

/** Concurrent deliveries (HEAD + SendMessage); the rest wait their turn. */
const MAX_IN_FLIGHT = 16;
/** Attempts per event before it is reported as not delivered. */
const DELIVERY_ATTEMPTS = 6;

/** Creates the bridge. It holds no timers: `notify` starts the work, `drain` awaits it. */
export function createEventBridge(options: EventBridgeOptions): EventBridge {
  const pending = new Set<Promise<void>>();
  const stats = { sent: 0, filteredOut: 0, failed: 0 };
  // A burst of uploads must not turn into a burst of HEAD/SendMessage calls: queued inside the
  // SDK, they exceed its connection timeout and the events are lost (45 of 1,000 in a burst).
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
      waiting.shift()?.();
    }
  }
  /** Like S3's own delivery: retried with backoff before it counts as failed. */
  async function deliverWithRetries(notice: ObjectCreatedNotice, eventTime: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await slot(() => deliver(notice, eventTime));
      } catch (error) {
        if (attempt >= DELIVERY_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * 2 ** (attempt - 1))));
      }
    }
  }
  async function deliver(notice: ObjectCreatedNotice, eventTime: string): Promise<void> {
    const described = await describeObject(options.s3, notice.bucket, notice.key);
    // Deleted before we looked: S3 would still have announced it with the values at creation
    // time; we no longer know them, and the handler treats a missing object as nothing to do.
    const object: CreatedObject = {
      bucket: notice.bucket,
      key: notice.key,
      eventName: notice.eventName,
      region: options.region,
      eventTime,
      size: described?.size ?? 0,
      eTag: described?.eTag ?? '',
      ...(described?.versionId && { versionId: described.versionId }),
    };
    await sendObjectCreatedEvent(options.sqs, options.queueUrl, object);
    stats.sent += 1;
    options.onSent?.(object);
  }

  return {
    stats,
    notify(notice) {
      if (notice.bucket !== options.bucket || !matchesNotificationFilter(notice.key, options.filter)) {
        stats.filteredOut += 1;
        return;
      }
      const work = deliverWithRetries(notice, new Date().toISOString())
        .catch((error: unknown) => {
          stats.failed += 1;
          options.onError?.(notice, error);
        })
        .finally(() => pending.delete(work));
      pending.add(work);
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
