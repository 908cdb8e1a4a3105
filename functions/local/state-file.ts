/**
 * `.textlens/local-server.json`: written by `textlens serve` while it runs, so other CLI commands
 * (in other terminals) find the local endpoint and its buckets without flags.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a running local server tells other commands. */
export interface LocalServerState {
  pid: number;
  endpoint: string;
  region: string;
  inputBucket: string;
  outputBucket: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  startedAt: string;
}

/**
 * Folder for local state: `TEXTLENS_STATE_DIR`, else `.textlens/` at the project root (found
 * from this file, so commands work from any working directory).
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEXTLENS_STATE_DIR ?? fileURLToPath(new URL('../../.textlens/', import.meta.url));
}

function statePath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'local-server.json');
}

/** Writes the state atomically (readers never see half a file). */
export function writeLocalServerState(state: LocalServerState, env: NodeJS.ProcessEnv = process.env): string {
  const path = statePath(env);
  mkdirSync(stateDir(env), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

/** The state of a server that is still running, or `undefined`. */
export function readLocalServerState(env: NodeJS.ProcessEnv = process.env): LocalServerState | undefined {
  let state: LocalServerState;
  try {
    state = JSON.parse(readFileSync(statePath(env), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof state?.endpoint !== 'string' || !isRunning(state.pid)) return undefined;
  return state;
}

/** Removes the state file if it is this process's. */
export function removeLocalServerState(env: NodeJS.ProcessEnv = process.env): void {
  const state = readLocalServerState(env);
  if (state === undefined || state.pid === process.pid) rmSync(statePath(env), { force: true });
}

function isRunning(pid: unknown): boolean {
  if (typeof pid !== 'number') return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
