/**
 * Fault injection for S3 calls, at the HTTP level (what the SDK's retry logic really sees):
 * - `startFaultProxy(target)`: a tiny HTTP proxy on 127.0.0.1 in front of the local server that
 *   fails the first N requests matching a rule and forwards everything else untouched;
 * - `installFaults(app)`: the same rules as a hook inside the local pipeline's own server (the
 *   handler processes of `startLocalStack` talk to that server directly).
 *
 * Faults: `500` (InternalError), `503` (SlowDown), `reset` (the connection is destroyed before
 * any response byte), `hang` (no answer at all, so the client's request timeout fires) and `hold`
 * (the request waits until `release()` is called, then goes through: for races).
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3ServerApp } from '../../functions/local/s3-server.ts';

export type Fault = '500' | '503' | 'reset' | 'hang' | 'hold';

/** The S3 operation of a request, as far as the tests need to tell them apart. */
export type S3Operation =
  | 'HeadObject'
  | 'GetObject'
  | 'PutObject'
  | 'DeleteObject'
  | 'ListObjects'
  | 'Multipart'
  | 'Other';

export interface S3Request {
  method: string;
  operation: S3Operation;
  bucket?: string;
  /** Decoded object key. */
  key?: string;
}

export interface FaultRule {
  /** Which requests the rule applies to. */
  operation: S3Operation;
  bucket?: string;
  /** Exact decoded key, or a predicate. */
  key?: string | ((key: string) => boolean);
  fault: Fault;
  /** How many matching requests fail (then the rule lets them through); Infinity for always. */
  times: number;
}

/** A rule with its counters. */
export interface ActiveRule extends FaultRule {
  /** Matching requests seen (failed or not). */
  matched: number;
  /** Matching requests that were failed. */
  injected: number;
}

/** Classifies an S3 REST request (path-style URLs) by method, path and query. */
export function classifyS3Request(
  method: string,
  url: string,
  headers: IncomingMessage['headers'],
): S3Request {
  const parsed = new URL(url, 'http://local');
  const [, bucketPart, ...keyParts] = parsed.pathname.split('/');
  const bucket = bucketPart ? decodeURIComponent(bucketPart) : undefined;
  const rawKey = keyParts.join('/');
  const key = rawKey ? decodeURIComponent(rawKey) : undefined;
  const query = parsed.searchParams;
  let operation: S3Operation = 'Other';
  if (bucket && key) {
    if (query.has('uploadId') || query.has('uploads')) operation = 'Multipart';
    else if (method === 'HEAD') operation = 'HeadObject';
    else if (method === 'GET') operation = 'GetObject';
    else if (method === 'PUT' && headers['x-amz-copy-source'] === undefined) operation = 'PutObject';
    else if (method === 'DELETE') operation = 'DeleteObject';
  } else if (bucket && method === 'GET') {
    operation = 'ListObjects';
  }
  return { method, operation, bucket, key };
}

const S3_ERRORS = {
  '500': {
    status: 500,
    code: 'InternalError',
    message: 'We encountered an internal error. Please try again.',
  },
  '503': { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
} as const;

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The rules, their counters and a log of every request seen. */
export class FaultInjector {
  readonly rules: ActiveRule[] = [];
  /** Every request seen, classified (a spy: which calls were made, in order). */
  readonly requests: S3Request[] = [];
  private gate = deferred();
  private readonly holding = new Set<() => void>();

  add(rule: FaultRule): ActiveRule {
    const active = { ...rule, matched: 0, injected: 0 };
    this.rules.push(active);
    return active;
  }

  clear(): void {
    this.rules.length = 0;
    this.requests.length = 0;
  }

  /** Lets every held request through. */
  release(): void {
    this.gate.resolve();
    this.gate = deferred();
  }

  /** Resolves when the next request is being held. */
  held(): Promise<void> {
    return new Promise<void>((resolve) => this.holding.add(resolve));
  }

  /** Requests of one operation (and key) seen so far. */
  count(operation: S3Operation, key?: string): number {
    return this.requests.filter((r) => r.operation === operation && (key === undefined || r.key === key))
      .length;
  }

  /** Records a request and returns the fault to inject, if any, and the gate for `hold`. */
  decide(request: S3Request): { fault?: Fault; gate: Promise<void> } {
    this.requests.push(request);
    for (const rule of this.rules) {
      if (rule.operation !== request.operation) continue;
      if (rule.bucket !== undefined && rule.bucket !== request.bucket) continue;
      if (rule.key !== undefined) {
        if (request.key === undefined) continue;
        if (typeof rule.key === 'string' ? rule.key !== request.key : !rule.key(request.key)) continue;
      }
      rule.matched += 1;
      if (rule.injected >= rule.times) continue;
      rule.injected += 1;
      if (rule.fault === 'hold') {
        for (const notify of this.holding) notify();
        this.holding.clear();
      }
      return { fault: rule.fault, gate: this.gate.promise };
    }
    return { gate: this.gate.promise };
  }
}

export interface FaultProxy {
  readonly endpoint: string;
  readonly faults: FaultInjector;
  stop(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 that forwards to `target` (e.g. `http://127.0.0.1:4566`). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const injector = new FaultInjector();
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((req, res) => {
    const classified = classifyS3Request(req.method ?? 'GET', req.url ?? '/', req.headers);
    const { fault, gate } = injector.decide(classified);
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      req.resume();
      return;
    }
    if (fault === '500' || fault === '503') {
      const { status, code, message } = S3_ERRORS[fault];
      req.resume();
      res.writeHead(status, { 'content-type': 'application/xml' }).end(errorXml(code, message));
      return;
    }
    const forward = () => {
      const outgoing = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      outgoing.on('error', () => req.socket.destroy());
      req.pipe(outgoing);
    };
    if (fault === 'hold') {
      req.pause();
      void gate.then(forward);
    } else {
      forward();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults: injector,
    async stop() {
      injector.release();
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Installs the rules as an `onRequest` hook of the local pipeline's server (pass it as
 * `configureServer`): for faults on the handler's own requests in its child processes.
 */
export function installFaults(injector: FaultInjector): (app: S3ServerApp) => void {
  return (app) => {
    app.addHook('onRequest', async (request, reply) => {
      const classified = classifyS3Request(
        request.raw.method ?? 'GET',
        request.raw.url ?? '/',
        request.raw.headers,
      );
      const { fault, gate } = injector.decide(classified);
      if (fault === undefined) return;
      if (fault === 'reset') {
        request.raw.socket.destroy();
        return reply.hijack();
      }
      if (fault === 'hang') return new Promise<never>(() => {});
      if (fault === 'hold') {
        await gate;
        return;
      }
      const { status, code, message } = S3_ERRORS[fault];
      return reply.code(status).header('content-type', 'application/xml').send(errorXml(code, message));
    });
  };
}
