/**
 * Security properties of the local pipeline and the handler's output:
 * - the embedded server listens on 127.0.0.1 only, unless another host is asked for;
 * - no report, error report, handler log or `textlens serve` output carries credentials or
 *   environment values, and logs carry keys, never contents;
 * - writes to the output bucket never reach the queue (outputs cannot trigger analysis; the
 *   deployed stack's side, no notification on the output bucket, is in test/infra/stack.test.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { validateErrorReport, validateReport } from '../../functions/lib/schema/validate.ts';
import { LOCAL_CREDENTIALS } from '../../functions/local/clients.ts';
import { getJson, startTestStack, type TestStack } from '../helpers/local-stack.ts';

const SECRET = 'sk-textlens-test-7f3a9c2e51';
const FAKE_AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYTESTSECRET';
const CONTENT = 'The confidential merger of Northwind and Contoso was agreed in Geneva on Sunday night.';

const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** This machine's non-loopback IPv4 addresses (where a 0.0.0.0 listener would be reachable). */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => address!.address);
}

describe('network exposure', () => {
  it('listens on 127.0.0.1 only by default, and on other interfaces only when asked', async () => {
    const local = await startTestStack();
    stacks.push(local);
    expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await canConnect('127.0.0.1', local.port)).toBe(true);
    const external = externalAddresses();
    for (const address of external) expect(await canConnect(address, local.port), address).toBe(false);

    const exposed = await startTestStack({ host: '0.0.0.0' });
    stacks.push(exposed);
    for (const address of external) expect(await canConnect(address, exposed.port), address).toBe(true);
    if (external.length === 0)
      console.warn('[security] no non-loopback interface: exposure checked on 127.0.0.1 only');
  });
});

describe('no secrets, no contents', () => {
  it('handler logs and reports hold keys, never contents, credentials or environment values', {
    timeout: 60_000,
  }, async () => {
    process.env.TEXTLENS_TEST_SECRET = SECRET;
    let stack: TestStack;
    try {
      stack = await startTestStack({ logLevel: 'DEBUG' });
      stacks.push(stack);
    } finally {
      delete process.env.TEXTLENS_TEST_SECRET;
    }
    const put = (key: string, body: string | Uint8Array) =>
      stack.s3.send(new PutObjectCommand({ Bucket: stack.wiring.inputBucket, Key: key, Body: body }));
    await put('secret/article.txt', `${CONTENT}\n\nIt was signed by both boards.`);
    await put('secret/binary.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const report = await getJson(
      stack.s3,
      stack.wiring.outputBucket,
      await stack.reportWritten('secret/article.txt'),
    );
    validateReport(report);
    const errorReport = await getJson(
      stack.s3,
      stack.wiring.outputBucket,
      await stack.reportWritten('secret/binary.txt'),
    );
    validateErrorReport(errorReport);

    const logs = stack.logs.join('\n');
    expect(logs).toContain('"key":"secret/article.txt"');
    expect(logs).not.toContain('Northwind');
    expect(logs).not.toContain('signed by both boards');
    for (const output of [logs, JSON.stringify(report), JSON.stringify(errorReport)]) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(LOCAL_CREDENTIALS.secretAccessKey);
      expect(output).not.toContain(process.env.HOME ?? '/nonexistent-home');
      expect(output).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|X-Amz-Credential|Authorization/i);
    }
  });

  it('`textlens serve` prints keys, never contents or the environment it was started with', {
    timeout: 90_000,
  }, async () => {
    const state = mkdtempSync(join(tmpdir(), 'textlens-security-'));
    let child: ChildProcess | undefined;
    let output = '';
    try {
      child = spawn(
        process.execPath,
        ['--import', 'tsx', 'functions/cli/main.ts', 'serve', '--port', '0', '--no-samples', '--verbose'],
        {
          cwd: join(import.meta.dirname, '..', '..'),
          env: {
            ...process.env,
            TEXTLENS_STATE_DIR: state,
            TEXTLENS_TEST_SECRET: SECRET,
            AWS_ACCESS_KEY_ID: 'AKIATESTNOTREAL00001',
            AWS_SECRET_ACCESS_KEY: FAKE_AWS_SECRET,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const lines = (predicate: (text: string) => boolean, timeoutMs: number) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`serve output so far:\n${output}`)), timeoutMs);
          const check = () => {
            if (predicate(output)) {
              clearTimeout(timer);
              resolve();
            }
          };
          child!.stdout!.on('data', (chunk) => {
            output += chunk;
            check();
          });
          child!.stderr!.on('data', (chunk) => {
            output += chunk;
            check();
          });
        });
      await lines((text) => /local pipeline on http:\/\/127\.0\.0\.1:\d+/.test(text), 60_000);
      const endpoint = /local pipeline on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
      const s3 = new S3Client({
        endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
      });
      const reported = lines((text) => text.includes('secret/served.txt.json'), 60_000);
      await s3.send(
        new PutObjectCommand({ Bucket: 'textlens-input', Key: 'secret/served.txt', Body: CONTENT }),
      );
      await reported;
      s3.destroy();
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
      const handlerLog = readFileSync(join(state, 'handler.log'), 'utf8');
      expect(handlerLog).toContain('secret/served.txt');
      for (const text of [output, handlerLog]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(FAKE_AWS_SECRET);
        expect(text).not.toContain('AKIATESTNOTREAL00001');
        expect(text).not.toContain('Northwind');
      }
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('outputs cannot trigger analysis', () => {
  it('writes to the output bucket never reach the queue, whatever their name', {
    timeout: 30_000,
  }, async () => {
    const stack = await startTestStack();
    stacks.push(stack);
    const before = { ...stack.bridge.stats };
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.wiring.outputBucket, Key: 'looks-like-input.txt', Body: CONTENT }),
    );
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.wiring.inputBucket, Key: 'real/input.txt', Body: CONTENT }),
    );
    await stack.reportWritten('real/input.txt');
    await stack.bridge.drain();
    // One event for the upload; the output object and the report (and its view) were filtered out.
    expect(stack.bridge.stats.sent - before.sent).toBe(1);
    expect(stack.bridge.stats.filteredOut - before.filteredOut).toBeGreaterThanOrEqual(2);
    // Counted once the invocation's deletes are done, just after the report lands.
    const deadline = Date.now() + 10_000;
    while (stack.poller.stats.records < 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.poller.stats.records).toBe(1);
  });
});
