/** The between-blocks collector of the handler (functions/analyze/heap.ts). */
import { describe, expect, it } from 'vitest';
import { blockCollector } from '../../functions/analyze/heap.ts';
import { analyze } from '../../functions/lib/analyze.ts';

const MB = 1024 * 1024;

describe('blockCollector', () => {
  it('is absent when the process has no gc (no --expose-gc)', () => {
    const hadGc = 'gc' in globalThis;
    expect(blockCollector({ gc: undefined }) === undefined).toBe(!hadGc);
  });

  it('collects only once the heap has grown by the slack since the last collection', () => {
    let heap = 100 * MB;
    const collections: number[] = [];
    const collect = blockCollector({
      slackBytes: 32 * MB,
      heapUsed: () => heap,
      gc: () => {
        collections.push(heap);
        heap = 110 * MB; // what survives
      },
    });
    expect(collect).toBeDefined();
    heap = 120 * MB;
    collect?.();
    expect(collections).toEqual([]);
    heap = 133 * MB;
    collect?.();
    expect(collections).toEqual([133 * MB]);
    // Measured from what survived the collection (110 MB), not from the start.
    heap = 141 * MB;
    collect?.();
    expect(collections).toEqual([133 * MB]);
    heap = 143 * MB;
    collect?.();
    expect(collections).toEqual([133 * MB, 143 * MB]);
  });

  it('runs between the blocks of a real analysis and leaves the report unchanged', () => {
    const text = Array.from(
      { length: 400 },
      (_, i) => `Paragraph ${i}: Angela Merkel met officials in Berlin on Monday. Markets rose 2%.`,
    ).join('\n\n');
    const bytes = new TextEncoder().encode(text);
    let gcs = 0;
    const afterBlock = blockCollector({ slackBytes: 0, gc: () => gcs++ });
    const withCollector = analyze(bytes, { key: 'a.txt' }, { blockChars: 4_000, afterBlock });
    const without = analyze(bytes, { key: 'a.txt' }, { blockChars: 4_000 });
    expect(gcs).toBeGreaterThan(1);
    expect(withCollector).toEqual(without);
  });
});
