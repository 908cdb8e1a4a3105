/**
 * A local stand-in for one warm Lambda execution environment: a child Node process started with
 * the heap limits Lambda derives from the memory size, the environment variables Lambda and the
 * stack set, one invocation at a time, and a hard kill when an invocation reaches the timeout.
 *
 * Why a child process and not an in-process call: only a separate process can be given a memory
 * limit, be killed in the middle of CPU-bound work at the timeout, and crash (out of memory)
 * without taking the server down. A killed or crashed environment is replaced by a fresh one (a
 * cold start) on the next invocation, as Lambda does.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { LAMBDA_NODE_OPTIONS } from '../../infra/settings.ts';
import type { InvokeRequest, SerializedError, WorkerMessage } from './lambda-worker.ts';

/** How one invocation ended. Anything but `ok` means the whole batch failed (Lambda semantics). */
export type InvocationResult =
  | { status: 'ok'; response: unknown; durationMs: number; initMs?: number }
  | { status: 'error'; error: SerializedError; durationMs: number; initMs?: number }
  | { status: 'timeout'; durationMs: number; initMs?: number }
  | { status: 'crashed'; reason: string; durationMs: number; initMs?: number }
  | { status: 'init-error'; error: SerializedError; initMs?: number };

export interface LambdaEnvironmentOptions {
  /** Absolute path of the module exporting the handler (default: the real Lambda entry). */
  handlerModule?: string;
  /** Exported name of the handler function (default `handler`). */
  handlerExport?: string;
  functionName?: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Extra environment for the handler: the stack's variables, endpoint, credentials. */
  env: Record<string, string>;
  /** Each line the handler writes (its JSON logs), with the stream it came from. */
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Longest cold start before the environment counts as failed. Default: 10 s plus the function
   * timeout, as on Lambda, where an init that outlasts its 10 s is run again inside the first
   * invocation with the invocation's timeout (a busy laptop or CI machine can pass 10 s).
   */
  initTimeoutMs?: number;
}

/** The real Lambda entry point: `functions/analyze/handler.ts`, export `handler`. */
export const ANALYZE_HANDLER_MODULE = fileURLToPath(new URL('../analyze/handler.ts', import.meta.url));

const WORKER = fileURLToPath(new URL('./lambda-worker.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

/**
 * Node flags Lambda uses for a memory size: old space = memory - 10%, semi space = memory / 20
 * (capped at V8's useful maximum), so heap exhaustion happens where it would on Lambda.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const semiSpace = Math.max(1, Math.min(64, Math.floor(memoryMb / 20)));
  return [
    `--max-semi-space-size=${semiSpace}`,
    `--max-old-space-size=${memoryMb - Math.floor(memoryMb / 10)}`,
  ];
}

interface Warm {
  child: ChildProcess;
  ready: Promise<number>;
  /** Set when the process has exited, with why. */
  exited?: string;
  exitListeners: Set<(reason: string) => void>;
}

/** One warm environment; invoke it one batch at a time. */
export class LambdaEnvironment {
  private warm: Warm | undefined;
  private nextId = 1;
  private busy = false;
  private readonly options: LambdaEnvironmentOptions;
  /** Cold starts so far (first start plus one after every kill or crash). */
  coldStarts = 0;

  constructor(options: LambdaEnvironmentOptions) {
    this.options = options;
  }

  /** Starts the process now instead of at the first invocation (hides the first cold start). */
  async prewarm(): Promise<void> {
    await this.ensureWarm().ready.catch(() => undefined);
  }

  private ensureWarm(): Warm {
    if (this.warm && !this.warm.exited) return this.warm;
    const name = this.options.functionName ?? 'textlens-analyze';
    const region = this.options.env.AWS_REGION ?? 'us-east-1';
    const child = fork(WORKER, [], {
      execArgv: ['--import', TSX_LOADER, ...lambdaNodeFlags(this.options.memoryMb)],
      // Only what Lambda would give the function: no inherited secrets or AWS profile settings.
      env: {
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        LANG: 'en_US.UTF-8',
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.options.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
        _HANDLER: `handler.${this.options.handlerExport ?? 'handler'}`,
        LAMBDA_TASK_ROOT: fileURLToPath(new URL('../..', import.meta.url)),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        TEXTLENS_HANDLER_MODULE: this.options.handlerModule ?? ANALYZE_HANDLER_MODULE,
        TEXTLENS_HANDLER_EXPORT: this.options.handlerExport ?? 'handler',
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.coldStarts += 1;
    forwardLines(child.stdout, (line) => this.options.onLog?.(line, 'stdout'));
    forwardLines(child.stderr, (line) => this.options.onLog?.(line, 'stderr'));
    const warm: Warm = { child, exitListeners: new Set(), ready: Promise.resolve(0) };
    child.on('exit', (code, signal) => {
      warm.exited ??= signal ? `killed by ${signal}` : `exited with code ${code}`;
      for (const listener of warm.exitListeners) listener(warm.exited);
    });
    const initTimeoutMs = this.options.initTimeoutMs ?? 10_000 + this.options.timeoutSeconds * 1000;
    warm.ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new InitError({ name: 'InitTimeout', message: `no ready signal within ${initTimeoutMs} ms` }));
      }, initTimeoutMs);
      const onExit = (reason: string) => {
        clearTimeout(timer);
        reject(new InitError({ name: 'InitExit', message: `environment ${reason} during init` }));
      };
      warm.exitListeners.add(onExit);
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          warm.exitListeners.delete(onExit);
          resolve(message.initMs);
        } else if (message.type === 'init-error') {
          clearTimeout(timer);
          warm.exitListeners.delete(onExit);
          reject(new InitError(message.error));
        }
      });
    });
    // Observed by invoke(); this keeps an unobserved failure from being reported as unhandled.
    warm.ready.catch(() => undefined);
    this.warm = warm;
    return warm;
  }

  /**
   * Runs one invocation. Never throws: every way it can end is an {@link InvocationResult}. At
   * the timeout the process is killed (SIGKILL), like Lambda does, and the next invocation gets
   * a new one.
   */
  async invoke(event: unknown): Promise<InvocationResult> {
    if (this.busy) throw new Error('a Lambda environment runs one invocation at a time');
    this.busy = true;
    try {
      const cold = !this.warm || this.warm.exited !== undefined;
      const warm = this.ensureWarm();
      let initMs: number | undefined;
      try {
        const measured = await warm.ready;
        if (cold) initMs = measured;
      } catch (error) {
        const serialized =
          error instanceof InitError ? error.serialized : { name: 'InitError', message: String(error) };
        return { status: 'init-error', error: serialized };
      }
      return await this.run(warm, event, initMs);
    } finally {
      this.busy = false;
    }
  }

  private run(warm: Warm, event: unknown, initMs: number | undefined): Promise<InvocationResult> {
    const id = this.nextId++;
    const started = performance.now();
    const timeoutMs = this.options.timeoutSeconds * 1000;
    const durationMs = () => Math.round(performance.now() - started);
    if (warm.exited)
      return Promise.resolve({ status: 'crashed', reason: warm.exited, durationMs: 0, initMs });
    return new Promise<InvocationResult>((resolve) => {
      const finish = (result: InvocationResult) => {
        clearTimeout(timer);
        warm.child.off('message', onMessage);
        warm.exitListeners.delete(onExit);
        resolve(result);
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'result' && message.id === id) {
          finish({ status: 'ok', response: message.response, durationMs: durationMs(), initMs });
        } else if (message.type === 'error' && message.id === id) {
          finish({ status: 'error', error: message.error, durationMs: durationMs(), initMs });
        }
      };
      const onExit = (reason: string) =>
        finish({ status: 'crashed', reason, durationMs: durationMs(), initMs });
      const timer = setTimeout(() => {
        warm.exitListeners.delete(onExit);
        // Marked dead now, not when the exit event arrives: the next invocation must not be
        // sent to a process that is being killed.
        warm.exited = 'killed at the timeout';
        warm.child.kill('SIGKILL');
        finish({ status: 'timeout', durationMs: durationMs(), initMs });
      }, timeoutMs);
      warm.child.on('message', onMessage);
      warm.exitListeners.add(onExit);
      const request: InvokeRequest = {
        type: 'invoke',
        id,
        event,
        context: { awsRequestId: randomUUID(), deadlineMs: Date.now() + timeoutMs },
      };
      warm.child.send(request);
    });
  }

  /** Ends the process (if any). In-flight work is abandoned, as when Lambda reclaims one. */
  async stop(): Promise<void> {
    const warm = this.warm;
    this.warm = undefined;
    if (!warm || warm.exited) return;
    const exited = new Promise<void>((resolve) => warm.exitListeners.add(() => resolve()));
    warm.child.kill('SIGKILL');
    await exited;
  }
}

class InitError extends Error {
  readonly serialized: SerializedError;

  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = 'InitError';
    this.serialized = serialized;
  }
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== '') onLine(line);
      newline = buffered.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (buffered.trim() !== '') onLine(buffered);
  });
}
