/**
 * Row 3: local end-to-end latency through the embedded pipeline (functions/local, `npm start`):
 * a 5 KB article uploaded to the local S3 until its report can be read from the output bucket,
 * p50/p95 over sequential uploads, and a burst of uploads (documents/s until every report
 * exists). Run twice when the default wiring has a batching window: once as `npm start` is
 * configured (the window imitates the deployed event source, so a lone upload waits it out), and
 * once with the window at 0 s, which shows the pipeline's own latency.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { REPORT_SUFFIX } from '../../infra/settings.ts';
import { buildArticle } from './corpus.ts';

export interface LatencyResult {
  batchingWindowSeconds: number;
  uploads: number;
  p50Ms: number;
  p95Ms: number;
  burst: { uploads: number; ms: number; docsPerSecond: number };
  startMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

async function waitForReport(s3: S3Client, bucket: string, key: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      await got.Body?.transformToString();
      return;
    } catch (error) {
      if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
    }
    if (performance.now() > deadline) throw new Error(`no report ${key} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

async function countReports(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    count += (page.Contents ?? []).filter((o) => o.Key?.endsWith(REPORT_SUFFIX)).length;
    token = page.NextContinuationToken;
  } while (token);
  return count;
}

/** Returns undefined when the local pipeline (functions/local/stack.ts) is not in the tree. */
export async function measureLocalLatency(
  uploads: number,
  burst: number,
  batchingWindowSeconds?: number,
): Promise<LatencyResult | undefined> {
  let local: typeof import('../../functions/local/stack.ts');
  try {
    local = await import('../../functions/local/stack.ts');
  } catch {
    return undefined;
  }
  const stack = await local.startLocalStack({
    port: 0,
    wiring: batchingWindowSeconds === undefined ? {} : { maxBatchingWindowSeconds: batchingWindowSeconds },
    onProblem: (message) => process.stderr.write(`local pipeline: ${message}\n`),
  });
  try {
    const { s3, wiring } = stack;
    const body = new TextEncoder().encode(buildArticle(5_000));
    const upload = (key: string) =>
      s3.send(
        new PutObjectCommand({ Bucket: wiring.inputBucket, Key: key, Body: body, ContentType: 'text/plain' }),
      );
    const reportKey = (key: string) => `${key}${REPORT_SUFFIX}`;

    // Warm-up: the first upload pays the environments' cold start.
    await upload('warmup/0.txt');
    await waitForReport(s3, wiring.outputBucket, reportKey('warmup/0.txt'), 60_000);

    const latencies: number[] = [];
    for (let i = 0; i < uploads; i++) {
      const key = `latency/${i}.txt`;
      const started = performance.now();
      await upload(key);
      await waitForReport(s3, wiring.outputBucket, reportKey(key), 60_000);
      latencies.push(performance.now() - started);
    }

    const burstStarted = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < burst; i++) {
      const p = upload(`burst/${i}.txt`).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 16) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const deadline = performance.now() + 300_000;
    while ((await countReports(s3, wiring.outputBucket, 'burst/')) < burst) {
      if (performance.now() > deadline) throw new Error('burst did not finish within 300 s');
      await sleep(20);
    }
    const burstMs = performance.now() - burstStarted;
    return {
      batchingWindowSeconds: wiring.maxBatchingWindowSeconds,
      uploads,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      burst: { uploads: burst, ms: burstMs, docsPerSecond: burst / (burstMs / 1000) },
      startMs: stack.startMs,
    };
  } finally {
    await stack.stop();
  }
}
