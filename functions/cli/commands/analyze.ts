/** `textlens analyze <file|->`: analyse one local file and print its report. */
import { basename } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { blockCollector } from '../../analyze/heap.ts';
import { analyzeStream, REPORT_SPLIT_BYTES } from '../../lib/analyze.ts';
import { isPermanentError } from '../../lib/errors.ts';
import { renderReportHtml } from '../../lib/html-view.ts';
import type { Report } from '../../lib/types.ts';
import { CliError } from '../errors.ts';
import { openInput, paragraphFileSink, writeOutput } from '../io.ts';
import { formatReportText } from '../text-report.ts';

/** Output renderers by `--format`; other commands (HTML view) add theirs here. */
export const REPORT_RENDERERS: Record<string, (report: Report) => string> = {
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  text: formatReportText,
  html: renderReportHtml,
};

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('a positive whole number of bytes');
  return Number(value);
}

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
    .option(
      '-o, --out <file>',
      'write the output to a file instead of standard output (JSON reports over 10 MiB put their paragraphs in <file>.paragraphs.jsonl beside it)',
    )
    .option('--content-type <type>', 'MIME type of the input (otherwise from the extension or the content)')
    .addOption(
      new Option(
        '--split-bytes <bytes>',
        'paragraph JSON above which a report written with --out keeps its paragraphs in the .paragraphs.jsonl file',
      )
        .argParser(positiveInteger)
        .default(REPORT_SPLIT_BYTES, '10 MiB'),
    )
    .action(
      async (
        file: string,
        options: { format: string; out?: string; contentType?: string; splitBytes: number },
      ) => {
        const chunks = await openInput(file);
        let report: Report;
        try {
          report = await analyzeStream(
            chunks,
            { key: file === '-' ? undefined : basename(file), contentType: options.contentType },
            // Only a JSON report written to a file has a place beside it for the paragraphs.
            {
              splitBytes: options.splitBytes,
              afterBlock: blockCollector(),
              openSink: options.out && options.format === 'json' ? paragraphFileSink(options.out) : undefined,
            },
          );
        } catch (error) {
          if (isPermanentError(error)) throw new CliError(`${file}: ${error.name}: ${error.message}`);
          throw error;
        }
        await writeOutput(REPORT_RENDERERS[options.format](report), options.out);
      },
    );
}
