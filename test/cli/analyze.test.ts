import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validateReport, validateReportParagraph } from '../../functions/lib/schema/validate.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'textlens.js');
const SAMPLE = join(import.meta.dirname, '..', '..', 'samples', 'news-river-flooding.txt');

async function textlens(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('textlens analyze (the real bin)', () => {
  it('prints a schema-valid JSON report on stdout', async () => {
    const { stdout, code } = await textlens('analyze', SAMPLE);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    validateReport(report);
    expect(report.source.key).toBe('news-river-flooding.txt');
  });

  it('prints a readable summary with --format text', async () => {
    const { stdout, code } = await textlens('analyze', SAMPLE, '--format', 'text');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Sentiment: /);
    expect(stdout).toMatch(/Top entities:/);
    expect(stdout).toMatch(/Paragraphs:/);
  });

  it('writes to --out and reads standard input for -', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'textlens-cli-'));
    const out = join(dir, 'report.json');
    const { code } = await textlens('analyze', SAMPLE, '--out', out);
    expect(code).toBe(0);
    validateReport(JSON.parse(readFileSync(out, 'utf8')));
    const child = run(process.execPath, [BIN, 'analyze', '-']);
    child.child.stdin?.end('Hello from standard input. It is a good day.');
    const { stdout } = await child;
    expect(JSON.parse(stdout).stats.paragraphs).toBe(1);
  });

  it('puts the paragraphs of a report over --split-bytes in <out>.paragraphs.jsonl beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'textlens-cli-'));
    const out = join(dir, 'flooding.json');
    const { code } = await textlens('analyze', SAMPLE, '--out', out, '--split-bytes', '1000');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    validateReport(report);
    const text = readFileSync(join(dir, 'flooding.paragraphs.jsonl'), 'utf8');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const line of lines) validateReportParagraph(line);
    expect(report.paragraphs).toBeUndefined();
    expect(report.paragraphsFile).toEqual({
      key: 'flooding.paragraphs.jsonl',
      format: 'jsonl',
      lines: report.stats.paragraphs,
      bytes: Buffer.byteLength(text),
    });
    expect(lines.map((p) => p.index)).toEqual([...Array(report.stats.paragraphs).keys()]);
    expect((await textlens('analyze', SAMPLE, '--split-bytes', 'many')).stderr).toMatch(
      /positive whole number/,
    );
  });

  it('a binary file: one line on stderr naming the file and the problem, exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'textlens-cli-'));
    const png = join(dir, 'photo.txt');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    const { stderr, stdout, code } = await textlens('analyze', png);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/photo\.txt.*BinaryContentError.*PNG/);
  });

  it('a missing file: a one-line error, exit code 1', async () => {
    const { stderr, code } = await textlens('analyze', '/no/such/file.txt');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('textlens: /no/such/file.txt: no such file');
  });
});
