/**
 * Builds S3 event notifications exactly as S3 delivers them through SQS: the SQS record whose
 * `body` is the S3 event JSON, with the object key form-URL-encoded.
 *
 * Used to generate `samples/events/*.json` (`scripts/make-sample-events.ts`), by the handler
 * tests, and by the local runner's bridge (fauxqs does not deliver bucket notifications, so the
 * runner announces uploads itself and must announce them the way AWS does).
 */
import { createHash } from 'node:crypto';
import type { S3Event, S3EventRecord, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Encodes a key the way S3 does in event notifications (form URL encoding): `/` is kept, a space
 * becomes `+`, `+` becomes `%2B`, non-ASCII characters become UTF-8 `%XX`, and `( ) ! * '` are
 * percent-encoded too. The inverse is `decodeS3Key` in `s3-event.ts`.
 */
export function encodeS3Key(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

/** An uploaded object to announce. */
export interface CreatedObject {
  bucket: string;
  /** The key as stored (not encoded). */
  key: string;
  size: number;
  /** ETag without quotes; for a single-part upload, the MD5 of the bytes. */
  eTag: string;
  versionId?: string;
  /** Default `ObjectCreated:Put`; multipart uploads are `ObjectCreated:CompleteMultipartUpload`. */
  eventName?: string;
  /** ISO time of the event; default a fixed time, so generated samples are stable. */
  eventTime?: string;
  region?: string;
}

/** The eTag S3 gives a single-part upload: the hex MD5 of its bytes. */
export function singlePartETag(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

const FIXED_TIME = '2026-01-15T09:30:00.000Z';
const ACCOUNT = '123456789012';

/** One S3 event record for a created object. */
export function objectCreatedRecord(object: CreatedObject): S3EventRecord {
  const region = object.region ?? 'us-east-1';
  const time = object.eventTime ?? FIXED_TIME;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: time,
    eventName: (object.eventName ?? 'ObjectCreated:Put') as S3EventRecord['eventName'],
    userIdentity: { principalId: 'AWS:AIDAEXAMPLEUPLOADER' },
    requestParameters: { sourceIPAddress: '203.0.113.10' },
    responseElements: {
      'x-amz-request-id': stableId('request', object.key, 16).toUpperCase(),
      'x-amz-id-2': stableId('id2', object.key, 64),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'textlens-object-created',
      bucket: {
        name: object.bucket,
        ownerIdentity: { principalId: 'A1EXAMPLEOWNER' },
        arn: `arn:aws:s3:::${object.bucket}`,
      },
      object: {
        key: encodeS3Key(object.key),
        size: object.size,
        eTag: object.eTag,
        ...(object.versionId !== undefined && { versionId: object.versionId }),
        sequencer: stableId('sequencer', object.key, 18).toUpperCase(),
      },
    },
  };
}

/** The body S3 sends once when a notification configuration is created. */
export function testEventBody(bucket: string): string {
  return JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: FIXED_TIME,
    Bucket: bucket,
    RequestId: stableId('request', bucket, 16).toUpperCase(),
    HostId: stableId('host', bucket, 64),
  });
}

/** Wraps an SQS message body into the record Lambda's SQS event source delivers. */
export function sqsRecord(
  body: string,
  options: { queueName?: string; region?: string; receiveCount?: number } = {},
): SQSRecord {
  const region = options.region ?? 'us-east-1';
  const queueName = options.queueName ?? 'textlens-events';
  const messageId = uuidFrom(body);
  const sent = String(Date.parse(FIXED_TIME) + 150);
  return {
    messageId,
    receiptHandle: `AQEB${stableId('receipt', body, 120)}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: sent,
      SenderId: 'AIDAEXAMPLES3NOTIFIER',
      ApproximateFirstReceiveTimestamp: String(Number(sent) + 20),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:${ACCOUNT}:${queueName}`,
    awsRegion: region,
  };
}

/** An SQS event with one record per object, each carrying its own S3 event (as S3 sends them). */
export function sqsEventForObjects(objects: readonly CreatedObject[]): SQSEvent {
  return {
    Records: objects.map((object) =>
      sqsRecord(JSON.stringify({ Records: [objectCreatedRecord(object)] } satisfies S3Event)),
    ),
  };
}

/** Deterministic pseudo-random hex of `length` characters (stable samples, distinct per input). */
function stableId(kind: string, seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    out += createHash('sha256').update(`${kind}:${seed}:${i}`).digest('hex');
  }
  return out.slice(0, length);
}

function uuidFrom(seed: string): string {
  const h = stableId('message', seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
