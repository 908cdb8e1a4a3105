/** `textlens report <key>`: fetch the report (or error report) of an uploaded article. */
import { type Command, Option } from 'commander';
import type { ErrorReport } from '../../lib/error-report.ts';
import type { Report } from '../../lib/types.ts';
import { CliError } from '../errors.ts';
import { writeOutput } from '../io.ts';
import { describeObject, describeS3Failure, type StoredReport, waitForReport } from '../s3-objects.ts';
import { addTargetOptions, resolveTarget, type TargetOptions, targetS3Client } from '../target.ts';
import { REPORT_RENDERERS } from './analyze.ts';

/**
 * Renderers of error reports by `--format`. Formats without their own (e.g. a future `html`)
 * fall back to `text`, so adding a report format to {@link REPORT_RENDERERS} is all it takes.
 */
export const ERROR_REPORT_RENDERERS: Record<string, (report: ErrorReport) => string> = {
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  text: (report) =>
    `${report.source.key ?? ''}: not analysed: ${report.error.code}: ${report.error.message}\n`,
};

/** Exit code when an error report was found: the article was rejected, not analysed. */
export const EXIT_ERROR_REPORT = 2;
/** Exit code when there is neither report nor error report (yet). */
export const EXIT_NO_REPORT = 3;

/** Renders what was found in the requested format. */
export function renderStoredReport(found: StoredReport, format: string): string {
  if (found.kind === 'report') return REPORT_RENDERERS[format](found.json as Report);
  const render = ERROR_REPORT_RENDERERS[format] ?? ERROR_REPORT_RENDERERS.text;
  return render(found.json as ErrorReport);
}

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description('Fetch the report of an uploaded article (exit 2: error report, 3: no report yet)')
    .argument('<key>', 'key of the upload, e.g. news/flood.txt')
    .option('-w, --wait <seconds>', 'wait up to this long for the report to appear', '0')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(Object.keys(REPORT_RENDERERS))
        .default('json'),
    )
    .option('-o, --out <file>', 'write the output to a file instead of standard output');
  addTargetOptions(command).action(
    async (key: string, options: TargetOptions & { wait: string; format: string; out?: string }) => {
      const waitSeconds = Number(options.wait);
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
        throw new CliError(`--wait "${options.wait}" must be a number of seconds`);
      const target = await resolveTarget(options);
      const s3 = targetS3Client(target);
      try {
        const found = await waitForReport(s3, target.outputBucket, key, waitSeconds * 1000);
        if (found) {
          await writeOutput(renderStoredReport(found, options.format), options.out);
          if (found.kind === 'error-report') process.exitCode = EXIT_ERROR_REPORT;
          return;
        }
        const upload = await describeObject(s3, target.inputBucket, key);
        const waited = waitSeconds > 0 ? ` after waiting ${waitSeconds} s` : '';
        if (!upload) {
          throw new CliError(
            `no report for "${key}": there is no such upload in s3://${target.inputBucket} (${target.source}), and no error report either`,
            EXIT_NO_REPORT,
          );
        }
        throw new CliError(
          `no report for "${key}" yet${waited}: the upload exists (${upload.size} bytes${upload.lastModified ? `, ${upload.lastModified.toISOString()}` : ''}) and no error report was written; it is queued or being analysed (try --wait 30), or failed and will be retried`,
          EXIT_NO_REPORT,
        );
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw describeS3Failure(error, `report ${key}`, target.source);
      } finally {
        s3.destroy();
      }
    },
  );
}
