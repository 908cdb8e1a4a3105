/**
 * Large articles through the real handler, as Lambda runs it (issue 9): generates an article of
 * N MB from the sample news texts, stores it in an embedded S3 (fauxqs, in this process), and
 * runs the analyze handler on its S3 event in a child process started with the V8 heap flags
 * Lambda uses for the function's memory size. Prints wall time, the child's peak RSS, and what
 * was written (report size, or the error report's code).
 *
 * Run: `npx tsx scripts/large-article.ts [megabytes...] [--memory MB] [--max-bytes N]`
 * e.g. `npx tsx scripts/large-article.ts 10 50`. Not part of CI (minutes and gigabytes).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client } from '../functions/local/clients.ts';
import { lambdaNodeFlags } from '../functions/local/lambda-environment.ts';
import { startLocalS3Server } from '../functions/local/s3-server.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MEMORY_MB, LAMBDA_NODE_OPTIONS } from '../infra/settings.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  args.splice(index, 2);
  return value;
};
const memoryMb = option('--memory', DEFAULT_MEMORY_MB);
const maxBytes = option('--max-bytes', DEFAULT_MAX_DOCUMENT_BYTES);
const sizes = args.length > 0 ? args.map(Number) : [10, 50];
const MB = 1024 * 1024;

function article(megabytes: number): Uint8Array {
  const dir = join(import.meta.dirname, '..', 'samples');
  const texts = readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8').trim());
  const target = Math.round(megabytes * MB);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    parts.push(texts[i % texts.length]);
    size += Buffer.byteLength(texts[i % texts.length]) + 2;
  }
  return new Uint8Array(Buffer.from(parts.join('\n\n')).subarray(0, target));
}

const server = await startLocalS3Server({ port: 0, onObjectCreated: () => {} });
const s3 = createS3Client({ endpoint: server.endpoint });
await s3.send(new CreateBucketCommand({ Bucket: 'large-in' }));
await s3.send(new CreateBucketCommand({ Bucket: 'large-out' }));
console.log(`function memory ${memoryMb} MB, limit ${(maxBytes / MB).toFixed(0)} MB`);
try {
  for (const megabytes of sizes) {
    const key = `large/${megabytes}mb.txt`;
    const body = article(megabytes);
    await new Upload({ client: s3, params: { Bucket: 'large-in', Key: key, Body: body } }).done();
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'large-in', Key: key }));
    const eTag = (head.ETag ?? '').replace(/"/g, '');
    // Lambda's heap flags for the memory size and the function's NODE_OPTIONS, as the local
    // Lambda environment runs the handler.
    const child = spawn(
      process.execPath,
      [...lambdaNodeFlags(memoryMb), '--import', 'tsx', join(import.meta.dirname, 'large-article-child.ts')],
      {
        env: {
          ...process.env,
          NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
          ENDPOINT: server.endpoint,
          KEY: key,
          SIZE: String(body.byteLength),
          ETAG: eTag,
          MAX_BYTES: String(maxBytes),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const result = out.trim().split('\n').at(-1) ?? '';
    const written = await s3.send(new ListObjectsV2Command({ Bucket: 'large-out', Prefix: key }));
    const outputs = (written.Contents ?? []).map((o) => `${o.Key} ${((o.Size ?? 0) / MB).toFixed(1)} MB`);
    console.log(`${megabytes} MB: exit ${code} ${result} -> ${outputs.join(', ') || 'nothing written'}`);
  }
} finally {
  s3.destroy();
  await server.stop();
}
