/** Bench result types and rendering (terminal table and the Markdown of docs/performance.md). */

/** One table row. `pass` is undefined for rows without a target (baselines, breakdowns). */
export interface BenchRow {
  /** Stable id (section:name), what the JSON and the CI test key on. */
  id: string;
  section: 'throughput' | 'cold' | 'local' | 'scaling' | 'cost';
  name: string;
  value: string;
  target?: string;
  pass?: boolean;
  detail?: string;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  loadAverage: number[];
  totalMemoryMb: number;
}

export interface BenchResult {
  startedAt: string;
  quick: boolean;
  machine: Machine;
  rows: BenchRow[];
  /** Raw measurements per section. */
  raw: Record<string, unknown>;
  durationMs: number;
  /** Sections whose measurements were taken from an earlier run (`--reuse`). */
  reused?: { sections: string[]; from: string };
}

const reusedNote = (result: BenchResult) =>
  result.reused
    ? ` (${result.reused.sections.join(', ')} re-used from the run of ${result.reused.from})`
    : '';

const verdict = (row: BenchRow) => (row.pass === undefined ? '' : row.pass ? 'pass' : 'MISS');

export function renderTable(result: BenchResult): string {
  const head = ['#', 'measurement', 'value', 'target', '', 'detail'];
  const body = result.rows.map((r) => [r.id, r.name, r.value, r.target ?? '', verdict(r), r.detail ?? '']);
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((row) => row[i].length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const m = result.machine;
  return [
    `textlens bench${result.quick ? ' (quick)' : ''} ${result.startedAt}: ${m.cpus} x ${m.cpuModel}, node ${m.node}, load ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')}${reusedNote(result)}`,
    line(head),
    ...body.map(line),
  ].join('\n');
}

export function renderMarkdown(result: BenchResult): string {
  const m = result.machine;
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `Run ${result.startedAt}${result.quick ? ' (quick mode)' : ''}${reusedNote(result)} on ${m.cpus} x ${m.cpuModel}, ${Math.round(m.totalMemoryMb / 1024)} GB RAM, Node ${m.node} (${m.platform}); load average at start ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    '| # | measurement | value | target | result | detail |',
    '|---|---|---|---|---|---|',
    ...result.rows.map(
      (r) =>
        `| ${r.id} | ${cell(r.name)} | ${cell(r.value)} | ${cell(r.target ?? '')} | ${verdict(r)} | ${cell(r.detail ?? '')} |`,
    ),
  ].join('\n');
}
