/** File helpers shared by CLI commands. */
import { readFile, writeFile } from 'node:fs/promises';
import { CliError } from './errors.ts';

/** Reads a file, or standard input for "-", as bytes. */
export async function readInput(path: string): Promise<Uint8Array> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code ?? error);
    throw new CliError(`${path}: ${reason}`);
  }
}

/** Writes output to a file, or to standard output when no file is given. */
export async function writeOutput(content: string, out: string | undefined): Promise<void> {
  if (out) await writeFile(out, content);
  else process.stdout.write(content);
}
