/** `textlens analyze <file|->`: analyse one local file and print its report. */
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { analyze } from '../../lib/analyze.ts';
import { isPermanentError } from '../../lib/errors.ts';
import { renderReportHtml } from '../../lib/html-view.ts';
import type { Report } from '../../lib/types.ts';
import { CliError } from '../errors.ts';
import { readInput, writeOutput } from '../io.ts';
import { formatReportText } from '../text-report.ts';

/** Output renderers by `--format`; other commands (HTML view) add theirs here. */
export const REPORT_RENDERERS: Record<string, (report: Report) => string> = {
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  text: formatReportText,
  html: renderReportHtml,
};

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('Analyse a local article (text, Markdown or HTML) and print its report')
    .argument('<file>', 'file to analyse, or - for standard input')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(Object.keys(REPORT_RENDERERS))
        .default('json'),
    )
    .option('-o, --out <file>', 'write the output to a file instead of standard output')
    .option('--content-type <type>', 'MIME type of the input (otherwise from the extension or the content)')
    .action(async (file: string, options: { format: string; out?: string; contentType?: string }) => {
      const bytes = await readInput(file);
      let report: ReturnType<typeof analyze>;
      try {
        report = analyze(bytes, {
          key: file === '-' ? undefined : basename(file),
          contentType: options.contentType,
        });
      } catch (error) {
        if (isPermanentError(error)) throw new CliError(`${file}: ${error.name}: ${error.message}`);
        throw error;
      }
      await writeOutput(REPORT_RENDERERS[options.format](report), options.out);
    });
}
