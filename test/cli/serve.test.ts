/**
 * `textlens serve` (what `npm start` runs) as a user sees it: sample summaries within seconds,
 * instructions with the endpoint, a state file for other commands, and a clean Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleNames } from '../helpers/samples.ts';

const MAIN = fileURLToPath(new URL('../../functions/cli/main.ts', import.meta.url));

describe('textlens serve', () => {
  it('prints every sample summary and how to upload more, then stops cleanly on SIGINT', {
    timeout: 60_000,
  }, async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'textlens-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0'], {
      env: { ...process.env, TEXTLENS_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serve did not get ready:\n${stdout}\n${stderr}`)),
        50_000,
      );
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('Ctrl-C stops')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const readyMs = performance.now() - started;
    console.log(
      `[serve] ready with ${sampleNames().length} sample summaries in ${Math.round(readyMs)} ms (including process start)`,
    );

    const endpoint = /pipeline on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(endpoint).toBeDefined();
    expect(stdout).toContain(`${sampleNames().length}/${sampleNames().length} reports`);
    for (const name of sampleNames()) expect(stdout).toContain(`articles/${name}`);
    expect(stdout).toContain('Sentiment:');
    expect(stdout).toContain(
      `aws s3 cp my-article.txt s3://textlens-input/news/my-article.txt --endpoint-url ${endpoint}`,
    );
    expect(stdout).toContain('npx textlens upload');
    expect(stdout).toContain('data        memory');
    const state = JSON.parse(readFileSync(join(stateDir, 'local-server.json'), 'utf8'));
    expect(state).toMatchObject({ endpoint, pid: child.pid, inputBucket: 'textlens-input' });

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped');
    expect(existsSync(join(stateDir, 'local-server.json'))).toBe(false);
    expect(stderr).toBe('');
  });
});
