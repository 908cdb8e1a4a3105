/** A real S3-compatible server (fauxqs) on 127.0.0.1 and a real SDK client pointed at it. */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type FauxqsServer, startFauxqs } from 'fauxqs';

export interface LocalS3 {
  server: FauxqsServer;
  endpoint: string;
  /** Creates a client; each test can have its own middleware (call recording, fault injection). */
  client(options?: { maxAttempts?: number; requestTimeoutMs?: number; endpoint?: string }): S3Client;
  stop(): Promise<void>;
}

/** Dummy credentials: fauxqs checks the signature format, not the secret. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export async function startLocalS3(buckets: string[]): Promise<LocalS3> {
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  for (const bucket of buckets) server.createBucket(bucket);
  const endpoint = `http://127.0.0.1:${server.port}`;
  return {
    server,
    endpoint,
    client: (options = {}) =>
      new S3Client({
        endpoint: options.endpoint ?? endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
        maxAttempts: options.maxAttempts ?? 1,
        requestHandler: new NodeHttpHandler({
          connectionTimeout: 2_000,
          requestTimeout: options.requestTimeoutMs ?? 10_000,
          throwOnRequestTimeout: true,
        }),
      }),
    stop: () => server.stop(),
  };
}

/** Above this, objects are uploaded in parts (fauxqs, like S3, limits one request's body). */
const MULTIPART_THRESHOLD = 5 * 1024 * 1024;

export async function putObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  contentType?: string,
) {
  const params = { Bucket: bucket, Key: key, Body: body, ContentType: contentType };
  if (typeof body !== 'string' && body.byteLength > MULTIPART_THRESHOLD) {
    await new Upload({ client: s3, params, partSize: MULTIPART_THRESHOLD }).done();
    return;
  }
  await s3.send(new PutObjectCommand(params));
}

/** An object's body, content type and user metadata, or undefined when it does not exist. */
export async function getObject(s3: S3Client, bucket: string, key: string) {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return {
      text: await response.Body!.transformToString(),
      contentType: response.ContentType,
      metadata: response.Metadata ?? {},
    };
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

export async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const response = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (response.Contents ?? []).map((o) => o.Key!).sort();
}

export async function headETag(s3: S3Client, bucket: string, key: string): Promise<string> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return (head.ETag ?? '').replace(/"/g, '');
}
