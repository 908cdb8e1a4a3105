/**
 * A burst of uploads through the local pipeline (embedded S3+SQS, bridge, pollers, the real
 * handler in Lambda-like child processes): every key must end with exactly one report or error
 * report, none written twice. Used by `npm run load` (1,000 uploads) and the CI test (fewer).
 *
 * Sizes are log-uniform between `minBytes` and `maxBytes` (as many 1-10 KB articles as
 * 100 KB-1 MB ones), deterministic for a seed; about 2% of the uploads are PNGs named .txt, which
 * must end as error reports. Memory is sampled from /proc: the test process (server, bridge,
 * pollers) plus the handler processes, summed, every 200 ms.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalStack } from '../../functions/local/stack.ts';
import type { LocalWiring } from '../../functions/local/wiring.ts';
import { ERROR_REPORT_SUFFIX, REPORT_SUFFIX } from '../../infra/settings.ts';
import { procStatusKb } from './process-memory.ts';
import { random } from './random.ts';

export interface BurstOptions {
  count: number;
  minBytes?: number;
  maxBytes?: number;
  seed?: number;
  /** How long to wait for the last output, in ms. */
  timeoutMs?: number;
  wiring?: Partial<LocalWiring>;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface BurstResult {
  count: number;
  totalBytes: number;
  reports: number;
  errorReports: number;
  /** Keys without an output when the wait ended. */
  missing: string[];
  /** Keys whose report or error report was written more than once. */
  writtenTwice: string[];
  /** Keys with both a report and an error report. */
  both: string[];
  uploadSeconds: number;
  /** From the first upload to the last output. */
  seconds: number;
  documentsPerSecond: number;
  megabytesPerSecond: number;
  /** Peak of the summed resident memory of the test process and the handler processes (MB). */
  peakRssMb: number;
  /** Peak resident memory of the largest handler process (MB, VmHWM). */
  peakHandlerRssMb: number;
  problems: string[];
  poller: Record<string, number>;
}

const UPLOAD_CONCURRENCY = 50;
const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

/** Article text of exactly `size` bytes, from the English sample articles. */
function articleOfSize(corpus: Uint8Array, size: number, offset: number): Uint8Array {
  const out = new Uint8Array(size);
  let written = 0;
  let from = offset % corpus.length;
  while (written < size) {
    const chunk = corpus.subarray(from, Math.min(corpus.length, from + size - written));
    out.set(chunk, written);
    written += chunk.length;
    from = 0;
  }
  // Never end inside a multi-byte character.
  for (let i = size - 1; i >= 0 && i >= size - 4 && out[i] >= 0x80; i--) out[i] = 0x20;
  return out;
}

/** A memory field of a process in MB, 0 where it cannot be read. */
function rssMb(pid: number | 'self', field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  return (procStatusKb(pid, field) ?? 0) / 1024;
}

function childPids(): number[] {
  const pids: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    }
  } catch {
    // Not Linux: no memory figures.
  }
  return pids;
}

export async function runBurst(options: BurstOptions): Promise<BurstResult> {
  const { count, minBytes = 1024, maxBytes = 1024 * 1024, seed = 6, timeoutMs = 600_000 } = options;
  const log = options.log ?? (() => {});
  const corpus = new Uint8Array(
    readdirSync(SAMPLES)
      .filter((name) => /^(news|business|opinion).*\.txt$/.test(name))
      .flatMap((name) => [...readFileSync(join(SAMPLES, name)), 0x0a, 0x0a]),
  );
  const next = random(seed);
  const uploads = Array.from({ length: count }, (_, i) => {
    const key = `load/${String(i).padStart(5, '0')}.txt`;
    if (next() < 0.02) return { key, body: PNG };
    const size = Math.round(minBytes * (maxBytes / minBytes) ** next());
    return { key, body: articleOfSize(corpus, size, Math.floor(next() * corpus.length)) };
  });
  const totalBytes = uploads.reduce((sum, u) => sum + u.body.byteLength, 0);

  const writes = new Map<string, number>();
  const done = new Set<string>();
  let lastOutputAt = 0;
  let resolveAll: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  const problems: string[] = [];
  const stack = await startLocalStack({
    port: 0,
    wiring: options.wiring,
    onProblem: (message) => problems.push(message),
    onObjectCreated: (notice) => {
      if (!notice.key.endsWith('.json')) return;
      writes.set(notice.key, (writes.get(notice.key) ?? 0) + 1);
      const source = notice.key.endsWith(ERROR_REPORT_SUFFIX)
        ? notice.key.slice(0, -ERROR_REPORT_SUFFIX.length)
        : notice.key.slice(0, -REPORT_SUFFIX.length);
      done.add(source);
      lastOutputAt = performance.now();
      if (done.size % 100 === 0) log(`  ${done.size}/${count} done`);
      if (done.size === count) resolveAll();
    },
  });

  let peakRssMb = 0;
  let peakHandlerRssMb = 0;
  const sample = () => {
    const children = childPids();
    const total = rssMb('self') + children.reduce((sum, pid) => sum + rssMb(pid), 0);
    peakRssMb = Math.max(peakRssMb, total);
    for (const pid of children) peakHandlerRssMb = Math.max(peakHandlerRssMb, rssMb(pid, 'VmHWM'));
  };
  const sampler = setInterval(sample, 200);
  try {
    log(`uploading ${count} objects, ${(totalBytes / 1e6).toFixed(1)} MB`);
    const started = performance.now();
    // As fast as one client goes: UPLOAD_CONCURRENCY requests in flight (the SDK's socket pool
    // size; more would only queue inside the client, where the connection timeout already runs).
    let nextUpload = 0;
    await Promise.all(
      Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
        while (nextUpload < uploads.length) {
          const { key, body } = uploads[nextUpload++];
          await stack.s3.send(
            new PutObjectCommand({ Bucket: stack.wiring.inputBucket, Key: key, Body: body }),
          );
        }
      }),
    );
    const uploadSeconds = (performance.now() - started) / 1000;
    log(`uploaded in ${uploadSeconds.toFixed(1)} s; waiting for reports`);
    await Promise.race([allDone, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    sample();
    const seconds = ((lastOutputAt || performance.now()) - started) / 1000;
    // A late duplicate write would show up within a moment: give it one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const missing = uploads.map((u) => u.key).filter((key) => !done.has(key));
    const writtenTwice = [...writes].filter(([, n]) => n > 1).map(([key]) => key);
    const both = uploads
      .map((u) => u.key)
      .filter((key) => writes.has(key + REPORT_SUFFIX) && writes.has(key + ERROR_REPORT_SUFFIX));
    const errorReports = [...writes.keys()].filter((key) => key.endsWith(ERROR_REPORT_SUFFIX)).length;
    return {
      count,
      totalBytes,
      reports: writes.size - errorReports,
      errorReports,
      missing,
      writtenTwice,
      both,
      uploadSeconds,
      seconds,
      documentsPerSecond: count / seconds,
      megabytesPerSecond: totalBytes / 1e6 / seconds,
      peakRssMb: Math.round(peakRssMb),
      peakHandlerRssMb: Math.round(peakHandlerRssMb),
      problems,
      poller: { ...stack.poller.stats },
    };
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
}

/** One line for logs and docs. */
export function describeBurst(result: BurstResult): string {
  return [
    `${result.count} uploads (${(result.totalBytes / 1e6).toFixed(1)} MB): ${result.reports} reports, ${result.errorReports} error reports`,
    `${result.missing.length} missing, ${result.writtenTwice.length} written twice`,
    `${result.seconds.toFixed(1)} s, ${result.documentsPerSecond.toFixed(1)} documents/s, ${result.megabytesPerSecond.toFixed(2)} MB/s`,
    `peak RSS ${result.peakRssMb} MB (all processes), ${result.peakHandlerRssMb} MB (largest handler)`,
  ].join('; ');
}
