/**
 * Row 2: cold start as Lambda sees it. The bundle is the one CDK deploys: the real app
 * (`infra/app.ts` `createApp`, cdk.json's context) is synthesized into a temporary cloud
 * assembly, which runs NodejsFunction's own esbuild bundling with the construct's options, and
 * the function's asset folder, memory size and environment are read back from the template. No
 * bundling option is repeated here.
 *
 * Each run is a fresh `node` (Lambda's heap flags for the configured memory, the function's
 * environment, the AWS SDK resolved through NODE_PATH as the runtime provides it) that loads the
 * bundle and handles a first event (an SQS-wrapped S3 event for a 5 KB article in a local fauxqs
 * S3), then a second, warm one. Module load = `require(bundle)`; model load = first event minus
 * warm event (wink-nlp and NER model construction plus first-call JIT warm-up); first analysis =
 * the warm event time (HeadObject, GetObject, analysis, PutObject).
 *
 * Bundle size: every file of the function's asset folder on disk (index.js and the compressed
 * models in json/, see infra/bundling/pack-json.ts), and the deployment package (zip) size.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { startFauxqs } from 'fauxqs';
import { singlePartETag, sqsEventForObjects } from '../../functions/analyze/s3-event-builder.ts';
import { createApp } from '../../infra/app.ts';
import { buildArticle } from './corpus.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const RUNNER = path.join(HERE, 'cold-start-runner.cjs');

export interface ColdStartRun {
  bootstrapMs: number;
  moduleLoadMs: number;
  firstEventMs: number;
  warmEventMs: number;
  /** moduleLoad + firstEvent: what the target counts. */
  coldMs: number;
  /** CPU time (all threads) of the module load and of the first event. */
  moduleLoadCpuMs?: number;
  firstEventCpuMs?: number;
  /** Parent's clock from spawn to the result line (process start included). */
  wallMs: number;
}

export interface ColdStartResult {
  runs: number;
  median: {
    coldMs: number;
    moduleLoadMs: number;
    modelLoadMs: number;
    firstAnalysisMs: number;
    bootstrapMs: number;
    wallMs: number;
    /** CPU time of module load + first event (all threads). */
    coldCpuMs?: number;
  };
  /**
   * The deployed asset folder: `assetBytes` is every file in it on disk (what the bundle target
   * counts), `indexBytes` the code file alone, `zippedBytes` the deployment package (zip).
   */
  bundle: {
    indexBytes: number;
    assetBytes: number;
    zippedBytes: number;
    files: string[];
    fileBytes?: Record<string, number>;
  };
  memoryMb: number;
  synthMs: number;
  all: ColdStartRun[];
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface LambdaProperties {
  Code: { S3Key: string };
  MemorySize: number;
  Environment?: { Variables?: Record<string, unknown> };
}

interface Built {
  assetDir: string;
  memoryMb: number;
  env: Record<string, unknown>;
  synthMs: number;
}

/** Synthesizes the real app and returns the analyze function's bundle folder and settings. */
export function buildLambdaBundle(outdir: string): Built {
  const started = performance.now();
  const context = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
  const { app, stack } = createApp(new App({ outdir, context }));
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: LambdaProperties }>;
  };
  const fn = stack.analyzer.function.node.defaultChild as unknown as { logicalId: string };
  const logicalId = stack.resolve(fn.logicalId) as string;
  const props = template.Resources[logicalId].Properties;
  const assetHash = String(props.Code.S3Key).replace(/\.zip$/, '');
  return {
    assetDir: path.join(assembly.directory, `asset.${assetHash}`),
    memoryMb: Number(props.MemorySize),
    env: props.Environment?.Variables ?? {},
    synthMs: performance.now() - started,
  };
}

/** Lambda's heap flags for a memory size (see ../shared/notes/aws-local.md). */
async function lambdaFlags(memoryMb: number): Promise<string[]> {
  try {
    const local = await import('../../functions/local/lambda-environment.ts');
    return local.lambdaNodeFlags(memoryMb);
  } catch {
    return [
      `--max-semi-space-size=${Math.max(1, Math.floor(memoryMb / 20))}`,
      `--max-old-space-size=${memoryMb - Math.floor(memoryMb / 10)}`,
    ];
  }
}

function runOnce(args: string[], env: NodeJS.ProcessEnv): Promise<ColdStartRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = out.split('\n').find((l) => l.startsWith('BENCH '));
      if (!line) return reject(new Error(`cold-start child exited ${code}: ${err || out}`.slice(0, 2000)));
      const r = JSON.parse(line.slice(6));
      if (r.error || r.failures > 0) {
        return reject(new Error(`cold-start child failed: ${r.error ?? `${r.failures} failures`}\n${out}`));
      }
      resolve({ ...r, coldMs: r.moduleLoadMs + r.firstEventMs, wallMs });
    });
  });
}

/**
 * @param runs fresh processes to start
 * @param profileDir when set, each process writes a V8 CPU profile there (`node --cpu-prof`)
 */
export async function measureColdStart(runs: number, profileDir?: string): Promise<ColdStartResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'textlens-bench-cold-'));
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  try {
    const built = buildLambdaBundle(path.join(work, 'cdk.out'));
    const files = (readdirSync(built.assetDir, { recursive: true }) as string[])
      .filter((file) => statSync(path.join(built.assetDir, file)).isFile())
      .sort();
    let assetBytes = 0;
    let zippedBytes = 0;
    const fileBytes: Record<string, number> = {};
    for (const file of files) {
      const content = readFileSync(path.join(built.assetDir, file));
      assetBytes += content.length;
      fileBytes[file] = content.length;
      // Lambda's deployment package is a zip: deflate each file, plus the zip headers.
      zippedBytes += deflateRawSync(content, { level: 9 }).length + 2 * (46 + file.length);
    }
    const indexBytes = statSync(path.join(built.assetDir, 'index.js')).size;

    const inputBucket = 'bench-input';
    const outputBucket = 'bench-output';
    server.createBucket(inputBucket);
    server.createBucket(outputBucket);
    const article = new TextEncoder().encode(buildArticle(5_000));
    const endpoint = `http://127.0.0.1:${server.port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      TZ: 'UTC',
      LANG: 'en_US.UTF-8',
      NODE_PATH: path.join(REPO_ROOT, 'node_modules'),
      AWS_LAMBDA_FUNCTION_NAME: 'textlens-bench-analyze',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(built.memoryMb),
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LAMBDA_TASK_ROOT: built.assetDir,
    };
    for (const [name, value] of Object.entries(built.env)) {
      env[name] = typeof value === 'string' ? value : undefined;
    }
    env.OUTPUT_BUCKET = outputBucket;
    env.POWERTOOLS_LOG_LEVEL = 'WARN';
    const flags = await lambdaFlags(built.memoryMb);
    if (profileDir) flags.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=250');
    const s3 = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

    const all: ColdStartRun[] = [];
    for (let run = 0; run < runs; run++) {
      const objects = ['cold', 'warm'].map((kind) => {
        const key = `run-${run}-${kind}.txt`;
        return { bucket: inputBucket, key, size: article.length, eTag: singlePartETag(article) };
      });
      for (const o of objects)
        await s3.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: article }));
      const eventsFile = path.join(work, `events-${run}.json`);
      writeFileSync(eventsFile, JSON.stringify(objects.map((o) => sqsEventForObjects([o]))));
      all.push(await runOnce([...flags, RUNNER, path.join(built.assetDir, 'index.js'), eventsFile], env));
    }
    return {
      runs,
      median: {
        coldMs: median(all.map((r) => r.coldMs)),
        moduleLoadMs: median(all.map((r) => r.moduleLoadMs)),
        modelLoadMs: median(all.map((r) => r.firstEventMs - r.warmEventMs)),
        firstAnalysisMs: median(all.map((r) => r.warmEventMs)),
        bootstrapMs: median(all.map((r) => r.bootstrapMs)),
        wallMs: median(all.map((r) => r.wallMs)),
        coldCpuMs: median(all.map((r) => (r.moduleLoadCpuMs ?? 0) + (r.firstEventCpuMs ?? 0))),
      },
      bundle: { indexBytes, assetBytes, zippedBytes, files, fileBytes },
      memoryMb: built.memoryMb,
      synthMs: built.synthMs,
      all,
    };
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
