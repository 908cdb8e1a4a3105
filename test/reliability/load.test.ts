/**
 * A burst of uploads (mixed sizes, ~2% binary) through the local pipeline: every
 * key gets exactly one report or error report, none written twice. CI runs 150 of 1 KB-256 KB;
 * `npm run load` runs the full 1,000 of 1 KB-1 MB (numbers in docs/bad-files.md, "Load").
 */
import { describe, expect, it } from 'vitest';
import { describeBurst, runBurst } from '../../scripts/lib/load-burst.ts';

const COUNT = Number(process.env.LOAD_COUNT ?? 150);

describe('load', () => {
  it(`${COUNT} uploads in a burst: every key gets its report or error report, none twice`, {
    timeout: 240_000,
  }, async () => {
    // 1 KB-256 KB keeps CI under a minute; `npm run load` uses the full 1 KB-1 MB range.
    const result = await runBurst({ count: COUNT, maxBytes: 256 * 1024, timeoutMs: 200_000 });
    console.log(`[load] ${describeBurst(result)}`);
    expect(result.missing).toEqual([]);
    expect(result.writtenTwice).toEqual([]);
    expect(result.both).toEqual([]);
    expect(result.reports + result.errorReports).toBe(COUNT);
    expect(result.errorReports).toBeGreaterThan(0);
    expect(result.problems).toEqual([]);
    expect(result.poller.retried).toBe(0);
  });
});
