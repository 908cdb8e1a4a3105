/** File helpers shared by CLI commands. */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ParagraphSink } from '../lib/analyze.ts';
import { CliError } from './errors.ts';

function describeFsError(path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code ?? error);
  return new CliError(`${path}: ${reason}`);
}

/** Opens a file, or standard input for "-", as a stream of chunks (never whole in memory). */
export async function openInput(path: string): Promise<AsyncIterable<Uint8Array>> {
  if (path === '-') return process.stdin;
  try {
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error(path), { code: 'EISDIR' });
  } catch (error) {
    throw describeFsError(path, error);
  }
  return createReadStream(path, { highWaterMark: 1024 * 1024 });
}

/**
 * A JSON Lines file for the paragraphs of a very large report, written beside the report file
 * (`out.json` -> `out.paragraphs.jsonl`); the report names it by its file name.
 */
export function paragraphFileSink(reportPath: string): () => ParagraphSink {
  return () => {
    const path = `${reportPath.replace(/\.json$/i, '')}.paragraphs.jsonl`;
    const stream = createWriteStream(path);
    const failed = new Promise<never>((_, reject) => stream.once('error', reject));
    failed.catch(() => undefined);
    return {
      key: basename(path),
      write: (line) =>
        stream.write(line)
          ? Promise.resolve()
          : Promise.race([new Promise<void>((resolve) => stream.once('drain', resolve)), failed]),
      close: () => Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed]),
    };
  };
}

/** Writes output to a file, or to standard output when no file is given. */
export async function writeOutput(content: string, out: string | undefined): Promise<void> {
  if (out) await writeFile(out, content);
  else process.stdout.write(content);
}
