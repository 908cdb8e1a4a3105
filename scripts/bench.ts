/**
 * `npm run bench`: throughput against baselines, cold start, local end-to-end latency, memory and
 * scaling, and cost, each as a table row with its target (pass/miss) and in
 * bench-results/<timestamp>.json and bench-results/latest.json.
 *
 *   npm run bench                     full run (several minutes)
 *   npm run bench -- --quick          small version (CI: proves the benchmark works)
 *   npm run bench -- --only=throughput,cost    some sections (throughput, cold, local, scaling, cost)
 *   npm run bench -- --write-docs     also rewrite the table in docs/performance.md
 *   npm run bench -- --out=DIR        results folder (default bench-results)
 *   npm run bench -- --only=cold --cpu-prof=DIR
 *                                     also write a CPU profile of every cold-start process to DIR
 *   npm run bench -- --only=throughput --reuse=bench-results/latest.json
 *                                     re-measure some sections, take the others from an earlier run
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, renderTable } from './bench/report.ts';
import { type BenchOptions, runBench } from './bench/run.ts';

const REPO_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function parseArgs(argv: readonly string[]): BenchOptions & { writeDocs: boolean; out: string } {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = value('only')?.split(',');
  return {
    quick: argv.includes('--quick'),
    only: only as BenchOptions['only'],
    previous: value('reuse')
      ? JSON.parse(readFileSync(path.resolve(value('reuse') as string), 'utf8'))
      : undefined,
    coldProfileDir: value('cpu-prof') ? path.resolve(value('cpu-prof') as string) : undefined,
    writeDocs: argv.includes('--write-docs'),
    out: path.resolve(REPO_ROOT, value('out') ?? 'bench-results'),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

const options = parseArgs(process.argv.slice(2));
const result = await runBench(options);
process.stdout.write(`${renderTable(result)}\n`);
mkdirSync(options.out, { recursive: true });
const json = `${JSON.stringify(result, null, 2)}\n`;
writeFileSync(path.join(options.out, `${result.startedAt.replace(/[:.]/g, '-')}.json`), json);
writeFileSync(path.join(options.out, 'latest.json'), json);
process.stderr.write(`results: ${path.relative(REPO_ROOT, options.out)}/latest.json\n`);
if (options.writeDocs) {
  const docs = path.join(REPO_ROOT, 'docs/performance.md');
  const current = readFileSync(docs, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const i = current.indexOf(begin);
  const j = current.indexOf(end);
  if (i === -1 || j === -1) throw new Error(`${docs} has no ${begin} ... ${end} markers`);
  writeFileSync(
    docs,
    `${current.slice(0, i + begin.length)}\n${renderMarkdown(result)}\n${current.slice(j)}`,
  );
  // The repository's formatter owns Markdown tables too: format the file as `npm run format`
  // would, so a rewritten table passes `npm test`'s lint (it failed CI once).
  const formatted = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/biome'), ['format', '--write', docs], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (formatted.status !== 0) process.stderr.write(`biome format failed: ${formatted.stderr}\n`);
  process.stderr.write('docs/performance.md updated\n');
}
