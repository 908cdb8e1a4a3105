/**
 * `textlens serve` (`npm start`): the whole pipeline on this machine. Starts the embedded S3+SQS
 * server with the stack's buckets and queues, uploads the sample articles, prints a summary of
 * each report, explains how to upload more, and serves until Ctrl-C.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ERROR_REPORT_SUFFIX, REPORT_SUFFIX } from '../../../infra/settings.ts';
import type { ErrorReport } from '../../lib/error-report.ts';
import type { Report } from '../../lib/types.ts';
import { DATA_LOCATION, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { removeLocalServerState, stateDir, writeLocalServerState } from '../../local/state-file.ts';
import { CliError } from '../errors.ts';
import { type StoredReport, type UploadItem, waitForReport } from '../s3-objects.ts';
import { DEFAULT_LOCAL_PORT } from '../target.ts';
import { formatReportText } from '../text-report.ts';
import { uploadAll } from './upload.ts';

const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/', import.meta.url));
/** The samples go where `samples/events/*.json` expect them, so those events work right away. */
const SAMPLE_PREFIX = 'articles/';
const SAMPLE_REPORT_TIMEOUT_MS = 60_000;

interface ServeOptions {
  port: string;
  host: string;
  samples: boolean;
  verbose?: boolean;
}

/** The sample articles (top-level text, Markdown and HTML files of `samples/`). */
async function sampleUploads(): Promise<UploadItem[]> {
  const entries = await readdir(SAMPLES_DIR, { withFileTypes: true });
  const items: UploadItem[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(txt|md|html?)$/.test(entry.name)) continue;
    const path = join(SAMPLES_DIR, entry.name);
    items.push({ path, key: SAMPLE_PREFIX + entry.name, size: (await stat(path)).size });
  }
  return items.sort((a, b) => a.key.localeCompare(b.key));
}

/** What kind of output an output-bucket key is, by its suffix. */
function describeOutput(key: string): string {
  if (key.endsWith(ERROR_REPORT_SUFFIX)) return 'error report';
  if (key.endsWith(REPORT_SUFFIX)) return 'report';
  return 'output';
}

/** A few lines per report: the header of the text rendering plus the top entities. */
export function summarizeStoredReport(found: StoredReport): string {
  if (found.kind === 'error-report') {
    const report = found.json as ErrorReport;
    return `${report.source.key ?? found.key}\n  not analysed: ${report.error.code}: ${report.error.message}\n`;
  }
  const report = found.json as Report;
  const text = formatReportText(report);
  const header = text.slice(0, text.indexOf('\n\n') >= 0 ? text.indexOf('\n\n') : undefined).split('\n');
  const entities = report.entities
    .slice(0, 5)
    .map((entity) => `${entity.text.replace(/\s+/g, ' ')} (${entity.type})`)
    .join(', ');
  return `${[header[0], ...header.slice(1).map((line) => `  ${line}`), `  Entities: ${entities || '(none)'}`].join('\n')}\n`;
}

function describeWiring(stack: LocalStack): string {
  const w = stack.wiring;
  const filter = [
    w.notification.prefix && `prefix "${w.notification.prefix}"`,
    w.notification.suffixes.length > 0 && `suffixes ${w.notification.suffixes.join(' ')}`,
  ]
    .filter(Boolean)
    .join(', ');
  return [
    `  buckets     ${w.inputBucket} (uploads) -> ${w.outputBucket} (reports), events for ${filter || 'every key'}`,
    `  queue       ${w.queueName}, batches of ${w.batchSize} (window ${w.maxBatchingWindowSeconds} s), dead-letter queue ${w.deadLetterQueueName} after ${w.maxReceiveCount} receives`,
    `  function    ${w.concurrency} environment(s) x ${w.memoryMb} MB, timeout ${w.functionTimeoutSeconds} s, visibility timeout ${w.visibilityTimeoutSeconds} s`,
    `  data        ${DATA_LOCATION}`,
  ].join('\n');
}

function howToUse(stack: LocalStack, logFile: string): string {
  const { endpoint } = stack;
  const { inputBucket } = stack.wiring;
  return `
Upload more articles (each becomes s3://${stack.wiring.outputBucket}/<key>.json):
  npx textlens upload my-article.txt --prefix news
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \\
    aws s3 cp my-article.txt s3://${inputBucket}/news/my-article.txt --endpoint-url ${endpoint}
Fetch reports:
  npx textlens report news/my-article.txt --wait 10 --format text
  npx textlens list
Run the handler once on a test event:
  npx textlens invoke samples/events/upload.json
Handler logs: ${logFile}
Serving on ${endpoint}; Ctrl-C stops.
`;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the whole pipeline locally (embedded S3 + SQS + analyze handler); what "npm start" runs',
    )
    .option('--port <port>', 'port of the S3/SQS endpoint', String(DEFAULT_LOCAL_PORT))
    .option('--host <address>', 'address to listen on (0.0.0.0 exposes it to the network)', '127.0.0.1')
    .option('--no-samples', 'do not upload the sample articles at start')
    .option('--verbose', 'also print the handler logs here')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port "${options.port}" is not a port number`);
      const logFile = join(stateDir(), 'handler.log');
      mkdirSync(stateDir(), { recursive: true });
      const log = createWriteStream(logFile, { flags: 'a' });
      // Ctrl-C is taken from the start: a signal during start-up (sample uploads) must stop the
      // pipeline cleanly too, not kill the process with the default handler.
      const stopRequested = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // Reports are announced one by one only after the sample summaries.
      let live = false;
      let stack: LocalStack;
      try {
        stack = await startLocalStack({
          port,
          host: options.host,
          logLevel: 'INFO',
          onLog: (line, stream) => {
            log.write(`${line}\n`);
            if (options.verbose || stream === 'stderr') console.error(line);
          },
          onObjectCreated: (notice) => {
            if (live && notice.bucket === stack.wiring.outputBucket)
              console.log(`  new ${describeOutput(notice.key)}: ${notice.key}`);
          },
        });
      } catch (error) {
        log.end();
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      try {
        writeLocalServerState({
          pid: process.pid,
          endpoint: stack.endpoint,
          region: stack.wiring.region,
          inputBucket: stack.wiring.inputBucket,
          outputBucket: stack.wiring.outputBucket,
          queueUrl: stack.queueUrl,
          deadLetterQueueUrl: stack.deadLetterQueueUrl,
          startedAt: new Date().toISOString(),
        });
        console.log(`textlens local pipeline on ${stack.endpoint} (started in ${stack.startMs} ms)`);
        console.log(describeWiring(stack));

        if (options.samples) {
          const started = performance.now();
          const items = await sampleUploads();
          await uploadAll(stack.s3, stack.wiring.inputBucket, items, () => undefined);
          console.log(
            `\nUploaded ${items.length} sample articles to s3://${stack.wiring.inputBucket}/${SAMPLE_PREFIX}; their reports:\n`,
          );
          const reports = await Promise.all(
            items.map((item) =>
              waitForReport(stack.s3, stack.wiring.outputBucket, item.key, SAMPLE_REPORT_TIMEOUT_MS),
            ),
          );
          for (const [index, found] of reports.entries()) {
            console.log(
              found
                ? summarizeStoredReport(found)
                : `${items[index].key}\n  no report after ${SAMPLE_REPORT_TIMEOUT_MS / 1000} s: see ${logFile}\n`,
            );
          }
          console.log(
            `${reports.filter(Boolean).length}/${items.length} reports in ${Math.round(performance.now() - started)} ms.`,
          );
        }
        console.log(howToUse(stack, logFile));
        live = true;
        await stopRequested;
        console.log('\nStopping...');
      } finally {
        // Also on a failure at start (e.g. a sample upload): the child processes and the
        // server would otherwise keep the process alive.
        await stack.stop();
        removeLocalServerState();
        log.end();
      }
      console.log('Stopped; the local data is gone.');
    });
}
