/** Child of scripts/large-article.ts: one handler invocation, then time and peak RSS as JSON. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { createAnalyzeHandler } from '../functions/analyze/create-handler.ts';
import { blockCollector } from '../functions/analyze/heap.ts';
import { sqsEventForObjects } from '../functions/analyze/s3-event-builder.ts';
import { createS3Client } from '../functions/local/clients.ts';
import { peakRssBytes } from './lib/process-memory.ts';

const env = process.env as Record<string, string>;
const s3 = createS3Client({ endpoint: env.ENDPOINT });
const handler = createAnalyzeHandler({
  s3,
  outputBucket: 'large-out',
  maxDocumentBytes: Number(env.MAX_BYTES),
  logger: new Logger({ logLevel: 'WARN' }),
  recordStartMarginMs: 0,
  afterBlock: blockCollector(),
});
const event = sqsEventForObjects([
  { bucket: 'large-in', key: env.KEY, size: Number(env.SIZE), eTag: env.ETAG },
]);
const started = performance.now();
const response = await handler(event, { getRemainingTimeInMillis: () => 900_000 } as unknown as Context);
const ms = Math.round(performance.now() - started);
const maxRssMb = Math.round(peakRssBytes() / 1024 / 1024);
console.log(JSON.stringify({ ms, maxRssMb, failures: response.batchItemFailures.length }));
s3.destroy();
