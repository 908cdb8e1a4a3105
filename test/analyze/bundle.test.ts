/**
 * Runs the Lambda *bundle* (esbuild, the stack's options) as Lambda would load it: a CommonJS
 * module required from disk with only the externals (@aws-sdk, @smithy) resolvable, configured
 * by environment variables only. Catches what source-level tests cannot: a dependency that does
 * not bundle (the wink model's JSON requires, the entity model import), import-time crashes, and
 * configuration read from the environment. The models are packed as the stack packs them
 * (infra/bundling/pack-json.ts): index.js without the JSON, json/*.br beside it.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadSampleEvent,
  loadSampleManifest,
  readObjectSource,
} from '../../functions/analyze/sample-events.ts';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import { PACKED_JSON_DIR, packJson } from '../../infra/bundling/pack-json.ts';
import { ENV, LAMBDA_BUNDLE, LOCAL_NAMES, REPORT_SUFFIX } from '../../infra/settings.ts';
import { getObject, type LocalS3, putObject, startLocalS3 } from '../helpers/local-s3.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT_DIR = join(ROOT, 'test-output', 'lambda-bundle');

let local: LocalS3;
const savedEnv = { ...process.env };

beforeAll(async () => {
  local = await startLocalS3([LOCAL_NAMES.inputBucket, LOCAL_NAMES.outputBucket]);
});
afterAll(async () => {
  process.env = savedEnv;
  await local?.stop();
});

describe('Lambda bundle', () => {
  it('loads from environment configuration and analyses a real upload', async () => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    mkdirSync(OUT_DIR, { recursive: true });
    const outfile = join(OUT_DIR, 'index.cjs');
    const started = performance.now();
    const built = await build({
      entryPoints: [join(ROOT, 'functions', 'analyze', 'handler.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      // Lambda runs node24; this machine runs node20, which the bundle must also load on here.
      target: 'node20',
      format: 'cjs',
      minify: LAMBDA_BUNDLE.minify,
      sourcemap: LAMBDA_BUNDLE.sourceMap,
      keepNames: LAMBDA_BUNDLE.keepNames,
      external: [...LAMBDA_BUNDLE.externalModules, ...LAMBDA_BUNDLE.packedImports],
      metafile: true,
      absWorkingDir: ROOT,
      logLevel: 'silent',
    });
    const packed = packJson(outfile, built.metafile, ROOT);
    const buildMs = Math.round(performance.now() - started);
    console.log(`bundle: ${(statSync(outfile).size / 1024 / 1024).toFixed(2)} MB in ${buildMs} ms`);
    // The models (wink's and the NER model) are outside the code, compressed.
    expect(packed.map((f) => f.source)).toEqual(
      expect.arrayContaining([
        'functions/lib/ner/model/ner.json',
        'node_modules/wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json',
      ]),
    );
    expect(readdirSync(join(OUT_DIR, PACKED_JSON_DIR)).sort()).toEqual(
      [...new Set(packed.map((f) => f.packed.slice(PACKED_JSON_DIR.length + 1)))].sort(),
    );

    // Only what the stack sets, plus what Lambda provides (region, credentials) and the endpoint.
    process.env[ENV.outputBucket] = LOCAL_NAMES.outputBucket;
    process.env[ENV.maxDocumentBytes] = String(10 * 1024 * 1024);
    process.env[ENV.serviceName] = 'textlens';
    process.env[ENV.logLevel] = 'ERROR';
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    process.env.AWS_ENDPOINT_URL_S3 = local.endpoint;

    const [entry] = loadSampleManifest().filter((e) => e.event === 'upload.json');
    const s3 = local.client();
    for (const object of entry.objects) {
      await putObject(s3, object.bucket, object.key, readObjectSource(object.from));
    }
    const { handler } = createRequire(import.meta.url)(outfile) as {
      handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    };
    const context = {
      awsRequestId: 'bundle-test',
      functionName: 'textlens-analyze',
      getRemainingTimeInMillis: () => 180_000,
    } as unknown as Context;
    const invokeStarted = performance.now();
    const result = await handler(loadSampleEvent('upload.json'), context);
    console.log(`bundle: first (cold) invocation ${Math.round(performance.now() - invokeStarted)} ms`);
    expect(result).toEqual({ batchItemFailures: [] });
    const report = await getObject(s3, LOCAL_NAMES.outputBucket, entry.objects[0].key + REPORT_SUFFIX);
    expect(report).toBeDefined();
    validateReport(JSON.parse(report!.text));
  });
});
