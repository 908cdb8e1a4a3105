/**
 * Row 4: memory and scaling. Each size is analysed in a fresh child process (so peak RSS is that
 * article's alone), one article made by concatenating the corpus. The child is an esbuild bundle
 * run by plain `node` with the function's NODE_OPTIONS, as Lambda runs the analysis: under tsx
 * the compiler alone added ~55 MB of RSS that Lambda never pays. Linearity: time per MB of the
 * largest size against the smallest size that is big enough to amortise warm-up (1 MB; in quick
 * mode the largest vs the smallest).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_NODE_OPTIONS } from '../../infra/settings.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const CHILD_SOURCE = path.join(HERE, 'scaling-child.ts');

/** Bundles the child into bench-results/ (git-ignored); returns the bundle's path. */
async function bundleChild(): Promise<string> {
  const outfile = path.join(REPO, 'bench-results', '.build', 'scaling-child.mjs');
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // The corpus is found relative to the source file, not to the bundle.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(CHILD_SOURCE).href) },
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return outfile;
}

export interface ScalingPoint {
  bytes: number;
  ms: number;
  tokens: number;
  maxRssBytes: number;
  /** Peak RSS before analysis started (runtime, modules, the input text). */
  rssBeforeBytes: number;
  msPerMb: number;
  /** Set when the child died (out of memory under the heap cap, or a crash) instead of finishing. */
  failed?: string;
}

export interface ScalingResult {
  points: ScalingPoint[];
  /** ms/MB of the largest size / ms/MB of the reference size (1.0 = perfectly linear). */
  linearity: number;
  referenceBytes: number;
}

function runChild(bundle: string, bytes: number, heapMb: number): Promise<ScalingPoint> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, bundle, String(bytes)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: REPO,
      env: { ...process.env, NODE_OPTIONS: LAMBDA_NODE_OPTIONS },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH '));
      if (!line)
        return reject(new Error(`scaling child (${bytes} B) ${signal ?? code}: ${err.slice(-2000)}`));
      const r = JSON.parse(line.slice(6));
      resolve({ ...r, msPerMb: r.ms / (r.bytes / 1e6) });
    });
  });
}

/** The heap cap keeps a runaway 50 MB run from taking the (shared) machine's memory. */
export async function measureScaling(sizes: readonly number[], heapMb = 8_192): Promise<ScalingResult> {
  const bundle = await bundleChild();
  const points: ScalingPoint[] = [];
  for (const bytes of sizes) points.push(await runChild(bundle, bytes, heapMb));
  const done = points.filter((p) => !p.failed);
  const reference = done.find((p) => p.bytes >= 1_000_000) ?? done[0];
  const largest = done[done.length - 1];
  return { points, linearity: largest.msPerMb / reference.msPerMb, referenceBytes: reference.bytes };
}
