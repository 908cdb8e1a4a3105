/**
 * Proves `npm run bench -- --quick` still works: it runs as a child process and must produce a
 * row for every section and valid JSON results. No assertions on timings (CI machines vary).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../scripts/bench/report.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'textlens-bench-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run bench -- --quick', () => {
  it('produces every row and valid JSON', { timeout: 300_000 }, () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench.ts', '--quick', `--out=${out}`],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
        timeout: 290_000,
      },
    );
    expect(run.status, run.stderr.slice(-3000)).toBe(0);

    const files = readdirSync(out);
    expect(files).toContain('latest.json');
    expect(files.filter((f) => /^\d{4}-.*\.json$/.test(f))).toHaveLength(1);
    const result = JSON.parse(readFileSync(path.join(out, 'latest.json'), 'utf8')) as BenchResult;
    expect(result.quick).toBe(true);
    expect(result.machine.cpus).toBeGreaterThan(0);

    const ids = result.rows.map((r) => r.id);
    for (const id of [
      'throughput:analyze',
      'throughput:wink-bare',
      'throughput:wink-default',
      'throughput:sentiment',
      'throughput:wink-pipes',
      'throughput:stage:ner',
      'throughput:stage:wink',
      'throughput:stage:report',
      'cold:start',
      'cold:bundle',
      'local:p50',
      'scaling:memory',
      'scaling:linearity',
      'cost:lambda',
    ]) {
      expect(ids, id).toContain(id);
    }
    expect(ids.filter((id) => /^scaling:\d+$/.test(id)).length).toBeGreaterThanOrEqual(3);
    for (const row of result.rows) {
      expect(row.value, row.id).not.toBe('');
      if (row.target !== undefined && row.value !== 'not run')
        expect(typeof row.pass, row.id).toBe('boolean');
    }
    // The table is printed with every row.
    for (const id of ids) expect(run.stdout).toContain(id);
  });
});
