/**
 * The `textlens` command line. Each command lives in `commands/<name>.ts` and registers itself
 * on the program; this file only assembles them and turns errors into one-line messages.
 */
import { Command, CommanderError } from 'commander';
import { ANALYZER_VERSION } from '../lib/version.ts';
import { registerAnalyze } from './commands/analyze.ts';
import { registerInvoke } from './commands/invoke.ts';
import { registerList } from './commands/list.ts';
import { registerReanalyze } from './commands/reanalyze.ts';
import { registerReport } from './commands/report.ts';
import { registerServe } from './commands/serve.ts';
import { registerUpload } from './commands/upload.ts';
import { CliError } from './errors.ts';

const program = new Command('textlens')
  .description('Analyse articles: paragraphs, sentences, entities and sentiment, locally or on AWS.')
  .version(ANALYZER_VERSION)
  .showHelpAfterError()
  .exitOverride();

registerAnalyze(program);
registerServe(program);
registerUpload(program);
registerReport(program);
registerList(program);
registerInvoke(program);
registerReanalyze(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError) {
    console.error(`textlens: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`textlens: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exitCode = 1;
  }
}
