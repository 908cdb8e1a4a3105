/**
 * The CLI commands against a running local pipeline, as a user runs them: upload, report, list
 * and invoke in child processes, the endpoint given by TEXTLENS_ENDPOINT.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../../functions/cli/target.ts';
import { validateErrorReport, validateReport } from '../../functions/lib/schema/validate.ts';
import { writeLocalServerState } from '../../functions/local/state-file.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { runCli } from '../helpers/run-cli.ts';
import { SAMPLES_DIR } from '../helpers/samples.ts';

let stack: TestStack;
let env: Record<string, string>;
let work: string;

beforeAll(async () => {
  stack = await startTestStack({ wiring: { maxBatchingWindowSeconds: 0 } });
  work = mkdtempSync(join(tmpdir(), 'textlens-cli-'));
  // No state file of a developer's own `npm start` may leak into the test.
  env = { TEXTLENS_ENDPOINT: stack.endpoint, TEXTLENS_STATE_DIR: join(work, 'state') };
});
afterAll(async () => {
  await stack?.stop();
});

describe('textlens CLI against the local pipeline', () => {
  it('uploads a folder under a prefix, printing each key, and fetches a report as text and JSON', async () => {
    const upload = await runCli(['upload', SAMPLES_DIR, '--prefix', 'cli'], env);
    expect(upload.code, upload.stderr).toBe(0);
    expect(upload.stdout).toContain('s3://textlens-input/cli/news-river-flooding.txt');
    expect(upload.stdout).toContain('s3://textlens-input/cli/events/upload.json');

    const text = await runCli(
      ['report', 'cli/news-river-flooding.txt', '--wait', '20', '--format', 'text'],
      env,
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^cli\/news-river-flooding\.txt/);
    expect(text.stdout).toContain('Sentiment:');

    const out = join(work, 'report.json');
    const json = await runCli(['report', 'cli/sports-cup-final.html', '--wait', '20', '--out', out], env);
    expect(json.code, json.stderr).toBe(0);
    validateReport(JSON.parse(readFileSync(out, 'utf8')));
  });

  it('prints the error report of a rejected upload and exits with 2', async () => {
    const png = join(work, 'photo.txt');
    writeFileSync(
      png,
      Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0,
      ]),
    );
    expect((await runCli(['upload', png], env)).code).toBe(0);
    const json = await runCli(['report', 'photo.txt', '--wait', '20'], env);
    expect(json.code).toBe(2);
    validateErrorReport(JSON.parse(json.stdout));
    const text = await runCli(['report', 'photo.txt', '--format', 'text'], env);
    expect(text.stdout).toBe(
      `photo.txt: not analysed: BINARY_CONTENT: ${JSON.parse(json.stdout).error.message}\n`,
    );
  });

  it('says whether the upload exists when there is no report', async () => {
    const missing = await runCli(['report', 'no/such/article.txt'], env);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(
      /^textlens: no report for "no\/such\/article.txt": there is no such upload/,
    );
    // An output bucket without reports: the upload exists, the report does not.
    await stack.s3.send(new CreateBucketCommand({ Bucket: 'empty-reports' }));
    const pending = await runCli(
      ['report', 'cli/news-river-flooding.txt', '--output-bucket', 'empty-reports'],
      env,
    );
    expect(pending.code).toBe(3);
    expect(pending.stderr).toContain('the upload exists');
    expect(pending.stderr).toContain('no error report was written');
    expect(pending.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lists uploads with their status', async () => {
    await stack.reportWritten('cli/world-music-festival.txt');
    const list = await runCli(['list', '--prefix', 'cli/', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const listing = JSON.parse(list.stdout) as { key: string; status: string }[];
    expect(listing.find((item) => item.key === 'cli/world-music-festival.txt')?.status).toBe('done');
    expect(listing.every((item) => ['done', 'error', 'pending'].includes(item.status))).toBe(true);
    const table = await runCli(['list'], env);
    expect(table.stdout).toMatch(/^error\s+\d+\s+photo\.txt$/m);
  });

  it('invokes the handler with a sample event after seeding its object', async () => {
    const run = await runCli(['invoke', join(SAMPLES_DIR, 'events', 'upload.json'), '--seed'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Result: succeeded');
    expect(run.stdout).toContain(
      'articles/business-chipmaker-results.md -> s3://textlens-output/articles/business-chipmaker-results.md.json (report)',
    );
  });

  it('accepts the S3 test event and reports it as skipped', async () => {
    const run = await runCli(['invoke', join(SAMPLES_DIR, 'events', 's3-test-event.json')], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('S3 test event skipped');
  });

  it('rejects a bad endpoint in one line', async () => {
    const run = await runCli(['list'], { ...env, TEXTLENS_ENDPOINT: 'localhost:4566' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'textlens: --endpoint "localhost:4566" must start with http:// or https://',
    );
  });
});

describe('target resolution', () => {
  it('prefers --endpoint, then a running local server from its state file', async () => {
    const stateEnv = { TEXTLENS_STATE_DIR: join(work, 'resolution') };
    writeLocalServerState(
      {
        pid: process.pid,
        endpoint: stack.endpoint,
        region: 'us-east-1',
        inputBucket: 'in-from-state',
        outputBucket: 'out-from-state',
        queueUrl: stack.queueUrl,
        deadLetterQueueUrl: stack.deadLetterQueueUrl,
        startedAt: new Date().toISOString(),
      },
      stateEnv,
    );
    const local = await resolveTarget({}, stateEnv);
    expect(local).toMatchObject({
      endpoint: stack.endpoint,
      inputBucket: 'in-from-state',
      outputBucket: 'out-from-state',
    });
    expect(local.source).toContain('local server');
    const overridden = await resolveTarget({ outputBucket: 'mine' }, stateEnv);
    expect(overridden.outputBucket).toBe('mine');
    const explicit = await resolveTarget({ endpoint: 'http://127.0.0.1:1/' }, stateEnv);
    expect(explicit).toMatchObject({ endpoint: 'http://127.0.0.1:1', inputBucket: 'textlens-input' });
  });
});
