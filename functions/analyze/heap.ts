/**
 * Keeps the heap of a large document's analysis near its live size.
 *
 * A document over one block (512K characters of text) is analysed block by block; each block
 * leaves its wink document, tokens and tagger arrays behind as garbage. That garbage lives as
 * long as its block (about a second), so it survives the young generation's scavenges and is
 * promoted; V8 then lets the old generation grow to about four times its live size before a full
 * collection. Measured on a 10 MB article: live heap after a full collection 70-83 MB, heap
 * before one up to 320 MB, peak RSS 500-540 MB; with a full collection between blocks, 270 MB.
 *
 * Collecting needs `gc`, which Node exposes with `--expose-gc` (set in the function's
 * NODE_OPTIONS by the stack and passed by the local Lambda environment, see
 * `LAMBDA_NODE_OPTIONS` in infra/settings.ts). Without it this does nothing.
 */
import { getHeapStatistics } from 'node:v8';

/** Heap growth since the last collection that makes the next block boundary collect. */
export const BLOCK_GC_SLACK_BYTES = 32 * 1024 * 1024;

/** Dependencies, for tests. */
export interface BlockCollectorOptions {
  /** The collector; default `globalThis.gc` (present only under `--expose-gc`). */
  gc?: () => void;
  /** Bytes of heap in use; default V8's `used_heap_size`. */
  heapUsed?: () => number;
  /** See {@link BLOCK_GC_SLACK_BYTES}. */
  slackBytes?: number;
}

/**
 * An `afterBlock` hook for `analyzeStream`: a full collection whenever the heap has grown by
 * more than the slack since the last one, so the peak stays near live + slack + one block's
 * garbage. Undefined when no collector is available (no `--expose-gc`): the analysis then runs as
 * before, with V8's own schedule.
 */
export function blockCollector(options: BlockCollectorOptions = {}): (() => void) | undefined {
  const gc = options.gc ?? (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return undefined;
  const heapUsed = options.heapUsed ?? (() => getHeapStatistics().used_heap_size);
  const slack = options.slackBytes ?? BLOCK_GC_SLACK_BYTES;
  let after = heapUsed();
  return () => {
    if (heapUsed() - after < slack) return;
    gc();
    after = heapUsed();
  };
}
