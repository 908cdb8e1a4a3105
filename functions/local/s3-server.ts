/**
 * The embedded S3 + SQS server: fauxqs 1.9.2 (in-process, in-memory, no Docker), with the one
 * thing it lacks for this project: it tells us when an object was created.
 *
 * Why `buildApp` plus our own `listen` instead of fauxqs's `startFauxqs`: `startFauxqs` always
 * listens on 0.0.0.0 (every network interface), and a development server holding uploaded
 * articles must listen on 127.0.0.1 unless asked otherwise. `buildApp` is fauxqs's public API for
 * exactly this and hands us the Fastify instance, whose `onResponse` hook sees every successful
 * object-creating request, which is what S3 itself bases its notifications on (fauxqs's message
 * spy would also report uploads, but only with `startFauxqs`). Decoded keys come from the route
 * parameters, i.e. exactly the key fauxqs stored.
 */
import { buildApp } from 'fauxqs';

/** The Fastify instance of the server; for tests that inject faults (issue 6) before it listens. */
export type S3ServerApp = ReturnType<typeof buildApp>;

/** The ObjectCreated event names S3 uses for the ways an object comes into being. */
export type ObjectCreatedEventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload';

/** An object the server has just stored. */
export interface ObjectCreatedNotice {
  bucket: string;
  key: string;
  eventName: ObjectCreatedEventName;
}

export interface LocalS3ServerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Interface to listen on; default 127.0.0.1 (this machine only). */
  host?: string;
  /** Called for every created object, after the response has been sent. */
  onObjectCreated: (notice: ObjectCreatedNotice) => void;
  /** Called with the Fastify instance before it listens, e.g. to add fault-injecting hooks. */
  configure?: (app: S3ServerApp) => void;
}

export interface LocalS3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly host: string;
  stop(): Promise<void>;
}

/** Thrown when the port is taken, with what to do about it. */
export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(
      `port ${port} on ${host} is already in use (another "npm start"?). Stop it, or choose another port with --port`,
    );
    this.name = 'PortInUseError';
  }
}

interface RouteRequest {
  method: string;
  params: unknown;
  query: unknown;
  headers: Record<string, string | string[] | undefined>;
  routeOptions: { url?: string };
}

/**
 * Which object-creating S3 call a request was, if any: PutObject, CopyObject (a PUT with
 * `x-amz-copy-source`) or CompleteMultipartUpload (a POST with `uploadId`). UploadPart,
 * CreateMultipartUpload, CreateBucket and the rest create no object.
 */
export function classifyObjectCreation(request: RouteRequest): ObjectCreatedNotice | undefined {
  if (request.routeOptions.url !== '/:bucket/*') return undefined;
  const params = request.params as { bucket?: string; '*'?: string };
  const query = (request.query ?? {}) as Record<string, unknown>;
  const bucket = params.bucket;
  const key = params['*'];
  if (!bucket || !key) return undefined;
  if (request.method === 'PUT') {
    if (query.uploadId !== undefined || query.partNumber !== undefined) return undefined;
    // Sub-resource calls (?tagging, ?acl, ...) change an object without creating one.
    const subresources = Object.keys(query).filter((name) => name !== 'x-id');
    if (subresources.length > 0) return undefined;
    const copy = request.headers['x-amz-copy-source'] !== undefined;
    return { bucket, key, eventName: copy ? 'ObjectCreated:Copy' : 'ObjectCreated:Put' };
  }
  if (request.method === 'POST' && typeof query.uploadId === 'string') {
    return { bucket, key, eventName: 'ObjectCreated:CompleteMultipartUpload' };
  }
  return undefined;
}

/** Starts the server. Data lives in memory and is gone when the process ends. */
export async function startLocalS3Server(options: LocalS3ServerOptions): Promise<LocalS3Server> {
  const host = options.host ?? '127.0.0.1';
  const app = buildApp({ logger: false });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 200) return;
    const notice = classifyObjectCreation(request);
    if (notice) options.onObjectCreated(notice);
  });
  options.configure?.(app);
  let address: string;
  try {
    address = await app.listen({ port: options.port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, options.port);
    throw error;
  }
  const port = Number(new URL(address).port);
  // Clients reach a wildcard listener through the loopback interface.
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    endpoint: `http://${clientHost.includes(':') ? `[${clientHost}]` : clientHost}:${port}`,
    port,
    host,
    stop: () => app.close(),
  };
}
