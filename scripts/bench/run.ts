/** Runs the benchmark sections and turns their measurements into table rows with targets. */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { BATCH_SIZE, DEFAULT_MEMORY_MB } from '../../infra/settings.ts';
import type { ColdStartResult } from './cold-start.ts';
import { buildCorpus } from './corpus.ts';
import { estimateCost } from './cost.ts';
import type { LatencyResult } from './local-e2e.ts';
import type { BenchResult, BenchRow, Machine } from './report.ts';
import type { ScalingResult } from './scaling.ts';
import { measureThroughput, type ThroughputResult } from './throughput.ts';

export type Section = BenchRow['section'];
export const SECTIONS: readonly Section[] = ['throughput', 'cold', 'local', 'scaling', 'cost'];

export interface BenchOptions {
  quick: boolean;
  only?: Section[];
  /**
   * Measurements of an earlier run (its JSON) to re-use for the sections not run now (`only`), so
   * one section can be re-measured without repeating the slow ones; the result names them.
   */
  previous?: BenchResult;
  /** Folder for CPU profiles of the cold-start processes (`--cpu-prof=DIR`). */
  coldProfileDir?: string;
  log?: (line: string) => void;
}

/** Targets of issue 7. */
export const TARGETS = {
  analysisVsBareTokenizer: 0.3,
  coldStartMs: 300,
  bundleBytes: 4 * 1024 * 1024,
  localP50Ms: 300,
  /** Peak RSS <= factor x size + base. */
  memoryFactor: 3,
  memoryBaseBytes: 200 * 1e6,
  /** ms/MB of the largest article within this factor of the 1 MB one counts as linear. */
  linearity: 1.5,
  costVsComprehend: 1 / 10_000,
} as const;

const MB = 1e6;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number, digits = 2) => `${fmt(bytes / 1024 / 1024, digits)} MiB`;
const size = (bytes: number) => (bytes >= MB ? `${fmt(bytes / MB, 0)} MB` : `${fmt(bytes / MB, 2)} MB`);

export function machine(): Machine {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg(),
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
  };
}

/** The asset's files other than index.js, by top folder: `json/ 10 files 1.82 MiB`. */
function bundleFiles(bundle: ColdStartResult['bundle']): string {
  const groups = new Map<string, { files: number; bytes: number }>();
  for (const file of bundle.files) {
    if (file === 'index.js') continue;
    const name = file.includes('/') ? `${file.slice(0, file.indexOf('/'))}/` : file;
    const group = groups.get(name) ?? { files: 0, bytes: 0 };
    group.files += 1;
    group.bytes += bundle.fileBytes?.[file] ?? 0;
    groups.set(name, group);
  }
  return [...groups]
    .map(
      ([name, g]) =>
        `${name}${g.files > 1 ? ` ${g.files} files` : ''}${bundle.fileBytes ? ` ${mb(g.bytes)}` : ''}`,
    )
    .join(', ');
}

function throughputRows(t: ThroughputResult): BenchRow[] {
  const rate = (r: ThroughputResult['analyze']) =>
    `${fmt(r.tokensPerSecond / 1000)}k tok/s, ${fmt(r.megabytesPerSecond, 2)} MB/s`;
  const rows: BenchRow[] = [
    {
      id: 'throughput:analyze',
      section: 'throughput',
      name: 'full analyze()',
      value: rate(t.analyze),
      target: `>= ${TARGETS.analysisVsBareTokenizer}x wink bare tokenizer`,
      pass: t.ratios.winkBare >= TARGETS.analysisVsBareTokenizer,
      detail: `${fmt(t.ratios.winkBare, 3)}x bare, ${fmt(t.ratios.winkDefault, 3)}x wink default pipe, ${fmt(t.ratios.sentimentPackage, 3)}x sentiment pkg; ${t.articles} articles, ${fmt(t.bytes / MB, 2)} MB, ${fmt(t.tokens)} tokens, best of ${t.rounds}; ${t.source}`,
    },
    {
      id: 'throughput:wink-bare',
      section: 'throughput',
      name: 'baseline: wink-nlp readDoc, no pipe (tokenizer)',
      value: rate(t.baselines.winkBare),
    },
    {
      id: 'throughput:wink-default',
      section: 'throughput',
      name: 'baseline: wink-nlp default pipe',
      value: rate(t.baselines.winkDefault),
    },
    {
      id: 'throughput:sentiment',
      section: 'throughput',
      name: 'baseline: sentiment package alone',
      value: rate(t.baselines.sentimentPackage),
    },
  ];
  const pipes = t.baselines.winkPipes;
  if (pipes) {
    rows.push({
      id: 'throughput:wink-pipes',
      section: 'throughput',
      name: "ceiling: wink-nlp with textlens's pipes (sbd, negation, pos, ner), nothing else",
      value: rate(pipes),
      detail: `${fmt(pipes.megabytesPerSecond / t.baselines.winkBare.megabytesPerSecond, 3)}x bare: the most the full analysis could reach with every other stage free`,
    });
  }
  const total = t.analyze.ms;
  for (const [stage, ms] of Object.entries(t.stages)) {
    rows.push({
      id: `throughput:stage:${stage.split(' ')[0].toLowerCase()}`,
      section: 'throughput',
      name: `stage: ${stage}`,
      value: `${fmt(ms)} ms`,
      detail: `${fmt((100 * ms) / total, 1)}% of analyze()`,
    });
  }
  return rows;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => undefined);
  const wanted = (s: Section) => !options.only || options.only.includes(s);
  const q = options.quick;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const rows: BenchRow[] = [];
  const raw: Record<string, unknown> = {};
  const mach = machine();

  const reused: Section[] = [];
  const earlier = <T>(section: Section, key: string): T | undefined => {
    const value = options.previous?.raw[key] as T | undefined;
    if (value !== undefined) reused.push(section);
    return value;
  };

  let throughput: ThroughputResult | undefined;
  if (wanted('throughput') || wanted('cost')) {
    log('throughput: analysing the corpus ...');
    const corpus = buildCorpus(q ? 150_000 : 3_000_000);
    throughput = measureThroughput(corpus, q ? 1 : 3);
  } else throughput = earlier('throughput', 'throughput');
  if (throughput) {
    raw.throughput = throughput;
    if (wanted('throughput') || reused.includes('throughput')) rows.push(...throughputRows(throughput));
  }

  let c: ColdStartResult | undefined;
  if (wanted('cold')) {
    log('cold start: synthesizing the CDK app (bundling) and starting fresh node processes ...');
    const { measureColdStart } = await import('./cold-start.ts');
    c = await measureColdStart(q ? 2 : 11, options.coldProfileDir);
  } else c = earlier('cold', 'coldStart');
  if (c) {
    raw.coldStart = c;
    rows.push(
      {
        id: 'cold:start',
        section: 'cold',
        name: 'cold start: module + model load + first 5 KB event (median)',
        value: `${fmt(c.median.coldMs)} ms`,
        target: `<= ${TARGETS.coldStartMs} ms`,
        pass: c.median.coldMs <= TARGETS.coldStartMs,
        detail: `module load ${fmt(c.median.moduleLoadMs)} ms, model load + first-call JIT ${fmt(c.median.modelLoadMs)} ms, 5 KB event (S3 get/put + analysis) ${fmt(c.median.firstAnalysisMs)} ms; node bootstrap ${fmt(c.median.bootstrapMs)} ms; ${c.median.coldCpuMs ? `CPU time of module load + first event ${fmt(c.median.coldCpuMs)} ms; ` : ''}${c.runs} runs, ${c.memoryMb} MB heap flags`,
      },
      {
        id: 'cold:bundle',
        section: 'cold',
        name: 'bundle: the function asset as CDK builds it, on disk',
        value: `${mb(c.bundle.assetBytes)} on disk, ${mb(c.bundle.zippedBytes)} zipped`,
        target: `<= ${mb(TARGETS.bundleBytes, 0)} on disk`,
        pass: c.bundle.assetBytes <= TARGETS.bundleBytes,
        detail: `index.js ${mb(c.bundle.indexBytes)}${c.bundle.files.length > 1 ? `, ${bundleFiles(c.bundle)}` : ''}; zipped = deflate -9 per file + zip headers`,
      },
    );
  }

  let local: { asConfigured?: LatencyResult; noWindow?: LatencyResult } | undefined;
  if (wanted('local')) {
    log('local: end-to-end through the embedded pipeline ...');
    const uploads = q ? 2 : 50;
    const burst = q ? 10 : 200;
    const { measureLocalLatency } = await import('./local-e2e.ts');
    const asConfigured = await measureLocalLatency(uploads, burst);
    const noWindow = asConfigured ? await measureLocalLatency(uploads, burst, 0) : undefined;
    local = { asConfigured, noWindow };
  } else local = earlier('local', 'local');
  if (local) {
    const { asConfigured, noWindow } = local;
    if (!asConfigured) {
      rows.push({
        id: 'local:p50',
        section: 'local',
        name: 'local upload -> report',
        value: 'not run',
        target: `p50 <= ${TARGETS.localP50Ms} ms`,
        detail: 'functions/local/stack.ts is not in the tree yet',
      });
    } else {
      raw.local = { asConfigured, noWindow };
      for (const [suffix, r] of [
        ['', asConfigured],
        [':no-window', noWindow],
      ] as const) {
        if (!r) continue;
        const label = `batching window ${r.batchingWindowSeconds} s${suffix ? '' : ' (as npm start is configured)'}`;
        rows.push(
          {
            id: `local:p50${suffix}`,
            section: 'local',
            name: `local 5 KB upload -> report readable, ${label}`,
            value: `p50 ${fmt(r.p50Ms)} ms, p95 ${fmt(r.p95Ms)} ms`,
            target: `p50 <= ${TARGETS.localP50Ms} ms`,
            pass: r.p50Ms <= TARGETS.localP50Ms,
            detail: `${r.uploads} sequential uploads after a warm-up`,
          },
          {
            id: `local:burst${suffix}`,
            section: 'local',
            name: `local burst of ${r.burst.uploads} uploads, ${label}`,
            value: `${fmt(r.burst.docsPerSecond, 1)} docs/s`,
            detail: `${fmt(r.burst.ms)} ms until every report existed`,
          },
        );
      }
    }
  }

  let s: ScalingResult | undefined;
  if (wanted('scaling')) {
    const sizes = q ? [10_000, 50_000, 100_000] : [100_000, 1_000_000, 10_000_000, 50_000_000];
    log(`scaling: ${sizes.map(size).join(', ')} in fresh processes ...`);
    const { measureScaling } = await import('./scaling.ts');
    s = await measureScaling(sizes);
  } else s = earlier('scaling', 'scaling');
  if (s) {
    raw.scaling = s;
    for (const p of s.points) {
      rows.push({
        id: `scaling:${p.bytes}`,
        section: 'scaling',
        name: `one ${size(p.bytes)} article`,
        value: p.failed ? p.failed : `${fmt(p.ms)} ms, peak RSS ${mb(p.maxRssBytes, 0)}`,
        detail: p.failed
          ? undefined
          : `${fmt(p.msPerMb)} ms/MB, ${fmt(p.tokens / (p.ms / 1000) / 1000)}k tok/s; RSS before analysis ${mb(p.rssBeforeBytes, 0)}`,
      });
    }
    const biggest = s.points[s.points.length - 1];
    const largest = biggest;
    const limit = TARGETS.memoryFactor * largest.bytes + TARGETS.memoryBaseBytes;
    rows.push(
      {
        id: 'scaling:memory',
        section: 'scaling',
        name: `peak memory, ${size(largest.bytes)} article`,
        value: largest.failed ?? `${fmt(largest.maxRssBytes / MB)} MB`,
        target: `<= 3x size + 200 MB (${fmt(limit / MB)} MB)`,
        pass: !largest.failed && largest.maxRssBytes <= limit,
        detail: `${fmt(largest.maxRssBytes / largest.bytes, 1)} bytes of RSS per input byte`,
      },
      {
        id: 'scaling:linearity',
        section: 'scaling',
        name: `time linear: ms/MB at the largest finished size / at ${size(s.referenceBytes)}`,
        value: `${fmt(s.linearity, 2)}x`,
        target: `<= ${TARGETS.linearity}x`,
        pass: s.linearity <= TARGETS.linearity,
      },
    );
  }

  // Cost is computed from the throughput, so it comes back with a re-used throughput too.
  if ((wanted('cost') || reused.includes('throughput')) && throughput) {
    if (!wanted('cost')) reused.push('cost');
    const charsPerSecond = throughput.bytes / (throughput.analyze.ms / 1000);
    const meanChars = throughput.bytes / throughput.articles;
    const cost = estimateCost(DEFAULT_MEMORY_MB, charsPerSecond, meanChars, BATCH_SIZE);
    const single = estimateCost(DEFAULT_MEMORY_MB, charsPerSecond, meanChars, 1);
    raw.cost = { batched: cost, onePerInvocation: single };
    rows.push({
      id: 'cost:lambda',
      section: 'cost',
      name: 'cost per million characters: Lambda arm64 vs Comprehend',
      value: `$${cost.lambdaPerMillionChars.toPrecision(3)} vs $${fmt(cost.comprehendPerMillionChars, 2)}`,
      target: '<= 1/10,000 of Comprehend',
      pass: cost.ratio <= TARGETS.costVsComprehend,
      detail: `ratio 1/${fmt(1 / cost.ratio)} with batches of ${BATCH_SIZE} records per invocation (1/${fmt(1 / single.ratio)} at one record per invocation: the $0.20/M request fee is ${fmt((100 * (1e6 / meanChars) * 0.2e-6) / single.lambdaPerMillionChars)}% of that); ${cost.memoryMb} MB (infra/settings.ts), ${fmt(charsPerSecond / 1e6, 2)} M chars/s on one core, ${fmt(meanChars)} chars/doc; Comprehend DetectEntities + DetectSentiment`,
    });
  }

  return {
    startedAt,
    quick: q,
    machine: { ...mach, totalMemoryMb: mach.totalMemoryMb },
    rows,
    raw: { ...raw, freeMemoryMbAtEnd: Math.round(freemem() / 1024 / 1024) },
    ...(reused.length > 0 && { reused: { sections: reused, from: options.previous?.startedAt ?? '' } }),
    durationMs: performance.now() - started,
  };
}
