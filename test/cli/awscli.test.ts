/**
 * The real AWS CLI (Debian's awscli, /usr/bin/aws) against the local pipeline: what the README
 * tells users to run. Skipped, loudly, where it is not installed (`.ci/run` installs it with
 * `apt-get install -y awscli`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import { getJson, startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { runCli } from '../helpers/run-cli.ts';
import { SAMPLES_DIR } from '../helpers/samples.ts';

/** Debian's aws-cli 2; an older pyenv shim may come first on PATH, so the path is explicit. */
const AWS = '/usr/bin/aws';
const installed = existsSync(AWS);
if (!installed) {
  console.warn(
    `\n*** SKIPPED: ${AWS} is not installed, so the awscli end-to-end test did not run. ` +
      'Install it with: sudo apt-get update && sudo apt-get install -y awscli ***\n',
  );
}

function aws(args: string[], endpoint: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      AWS,
      [...args, '--endpoint-url', endpoint],
      {
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let stack: TestStack;
beforeAll(async () => {
  if (installed) stack = await startTestStack({ wiring: { maxBatchingWindowSeconds: 0 } });
});
afterAll(async () => {
  await stack?.stop();
});

describe.skipIf(!installed)('aws s3 cp --endpoint-url against the local pipeline', () => {
  it('produces x/y.txt.json for `aws s3 cp article.txt s3://<input>/x/y.txt`, fetched by `textlens report`', async () => {
    const copy = await aws(
      ['s3', 'cp', join(SAMPLES_DIR, 'news-river-flooding.txt'), `s3://${stack.wiring.inputBucket}/x/y.txt`],
      stack.endpoint,
    );
    expect(copy.code, copy.stderr).toBe(0);
    const report = await runCli(['report', 'x/y.txt', '--wait', '10'], {
      TEXTLENS_ENDPOINT: stack.endpoint,
      TEXTLENS_STATE_DIR: mkdtempSync(join(tmpdir(), 'textlens-awscli-')),
    });
    expect(report.code, report.stderr).toBe(0);
    validateReport(JSON.parse(report.stdout));
  });

  it('keeps keys with spaces, "+" and unicode intact through the awscli', async () => {
    const key = 'aws cli/Zoë + friends (live).md';
    const copy = await aws(
      [
        's3',
        'cp',
        join(SAMPLES_DIR, 'business-chipmaker-results.md'),
        `s3://${stack.wiring.inputBucket}/${key}`,
      ],
      stack.endpoint,
    );
    expect(copy.code, copy.stderr).toBe(0);
    const outputKey = await stack.reportWritten(key);
    expect(outputKey).toBe(`${key}.json`);
    validateReport(await getJson(stack.s3, stack.wiring.outputBucket, outputKey));
    const listing = await aws(['s3', 'ls', `s3://${stack.wiring.outputBucket}/aws cli/`], stack.endpoint);
    expect(listing.stdout).toContain('Zoë + friends (live).md.json');
  });
});
