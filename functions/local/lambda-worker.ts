/**
 * Child-process side of a local Lambda environment (see `lambda-environment.ts`). Like the Lambda
 * runtime it imports the handler module once (the cold start), then runs one invocation at a time
 * as the parent asks, with a context whose remaining time counts down to the parent's deadline.
 *
 * Protocol (Node IPC): parent -> `{ type: 'invoke', id, event, context }`; child -> `{ type:
 * 'ready' }` once initialised, `{ type: 'init-error', error }`, and per invocation `{ type:
 * 'result', id, response }` or `{ type: 'error', id, error }`.
 */
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

/** Messages the parent sends. */
export interface InvokeRequest {
  type: 'invoke';
  id: number;
  event: unknown;
  context: { awsRequestId: string; deadlineMs: number };
}

/** Messages the child sends. */
export type WorkerMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'result'; id: number; response: unknown }
  | { type: 'error'; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

function serialize(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function makeContext(request: InvokeRequest): Context {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'textlens-analyze';
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const unsupported = () => {
    throw new Error('callback-style completion is not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
    awsRequestId: request.context.awsRequestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `local/${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, request.context.deadlineMs - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

async function main(): Promise<void> {
  const modulePath = process.env.TEXTLENS_HANDLER_MODULE;
  const exportName = process.env.TEXTLENS_HANDLER_EXPORT ?? 'handler';
  const started = performance.now();
  let handler: Handler;
  try {
    if (!modulePath) throw new Error('TEXTLENS_HANDLER_MODULE is not set');
    const module = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
    const candidate = module[exportName];
    if (typeof candidate !== 'function')
      throw new Error(`${modulePath} has no exported function "${exportName}"`);
    handler = candidate as Handler;
  } catch (error) {
    send({ type: 'init-error', error: serialize(error) });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  process.on('message', (request: InvokeRequest) => {
    if (request.type !== 'invoke') return;
    handler(request.event, makeContext(request)).then(
      (response) => send({ type: 'result', id: request.id, response: response ?? null }),
      (error: unknown) => send({ type: 'error', id: request.id, error: serialize(error) }),
    );
  });
  // The parent ends the environment by disconnecting (or killing it at a timeout).
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', initMs: Math.round(performance.now() - started) });
}

await main();
