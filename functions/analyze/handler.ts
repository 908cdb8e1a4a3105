/**
 * Lambda entry point (`handler`). Only wiring: configuration, the S3 client, Powertools Logger
 * and Metrics, created once per cold start; all behaviour is in `create-handler.ts`.
 *
 * Why Powertools: JSON logs with the request id and cold-start flag without hand-written
 * plumbing, log level from the environment, and metrics as Embedded Metric Format (written to
 * the log stream, no PutMetricData calls, no extra latency or IAM permission).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { S3_CLIENT_SETTINGS } from '../../infra/settings.ts';
import { analyze } from '../lib/analyze.ts';
import {
  type BackfillBatch,
  type BackfillResult,
  createBackfillHandler,
  isBackfillBatch,
} from './backfill.ts';
import { loadConfig } from './config.ts';
import { type AnalyzeHandler, createAnalyzeHandler } from './create-handler.ts';
import { blockCollector } from './heap.ts';

const logger = new Logger();
const metrics = new Metrics();

// Throws ConfigError (listing every problem) at cold start: the first invocation fails loudly
// and its messages are retried once the configuration is fixed.
const config = loadConfig();

// Load wink-nlp's model and the entity model during Lambda's init phase (and once per local
// environment), so the first record's latency is analysis, not model loading.
analyze(new TextEncoder().encode('Warm-up: Ada Lovelace visited London on Monday. It was good.'));

const s3 = new S3Client({
  maxAttempts: S3_CLIENT_SETTINGS.maxAttempts,
  requestHandler: new NodeHttpHandler({
    connectionTimeout: S3_CLIENT_SETTINGS.connectionTimeoutMs,
    requestTimeout: S3_CLIENT_SETTINGS.requestTimeoutMs,
    throwOnRequestTimeout: true,
  }),
});

/** The event path: SQS batch of S3 events in, partial batch failures out. */
const sqsHandler: AnalyzeHandler = createAnalyzeHandler({
  s3,
  outputBucket: config.outputBucket,
  maxDocumentBytes: config.maxDocumentBytes,
  logger,
  metrics,
  afterBlock: blockCollector(),
});

/** The backfill path (Step Functions Distributed Map): the same handler, fed a listed batch. */
const backfillHandler = createBackfillHandler(sqsHandler);

/** The Lambda handler: an SQS event from the queue, or a backfill batch from the state machine. */
export function handler(
  event: Parameters<AnalyzeHandler>[0],
  context: Parameters<AnalyzeHandler>[1],
): ReturnType<AnalyzeHandler>;
export function handler(
  event: BackfillBatch,
  context: Parameters<AnalyzeHandler>[1],
): Promise<BackfillResult>;
export function handler(event: unknown, context: Parameters<AnalyzeHandler>[1]) {
  return isBackfillBatch(event)
    ? backfillHandler(event, context)
    : sqsHandler(event as Parameters<AnalyzeHandler>[0], context);
}
