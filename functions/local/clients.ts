/**
 * AWS SDK clients for a local endpoint (or for AWS when no endpoint is given), configured the way
 * the notes found reliable: path-style addressing, dummy credentials, and request timeouts that
 * throw (without `throwOnRequestTimeout` a stuck request only logs a warning and hangs).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { S3_CLIENT_SETTINGS } from '../../infra/settings.ts';
import { LOCAL_REGION } from './wiring.ts';

/** Where the clients talk to. */
export interface ClientTarget {
  /** Local endpoint such as `http://127.0.0.1:4566`; omit for AWS (default credential chain). */
  endpoint?: string;
  /** Region; for AWS, omit to use the SDK's resolution (AWS_REGION, profile). */
  region?: string;
}

/** Credentials for a local server, which accepts any. Never used against AWS. */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'textlens-local',
  secretAccessKey: 'textlens-local',
} as const;

// The SDK warns on Node 20 that releases after January 2027 will need Node 22. It says nothing
// about this run and would clutter every CLI command's output, so it is silenced unless the
// user already decided otherwise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function localOptions(target: ClientTarget) {
  if (!target.endpoint) return target.region ? { region: target.region } : {};
  return {
    endpoint: target.endpoint,
    region: target.region ?? LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  };
}

function requestHandler(requestTimeoutMs: number) {
  return new NodeHttpHandler({
    connectionTimeout: S3_CLIENT_SETTINGS.connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    throwOnRequestTimeout: true,
  });
}

/** S3 client with the handler's timeouts and retry budget. */
export function createS3Client(target: ClientTarget): S3Client {
  return new S3Client({
    ...localOptions(target),
    // A local server has no virtual-hosted bucket DNS; AWS works with either style.
    forcePathStyle: target.endpoint !== undefined,
    maxAttempts: S3_CLIENT_SETTINGS.maxAttempts,
    requestHandler: requestHandler(S3_CLIENT_SETTINGS.requestTimeoutMs),
  });
}

/** SQS client; its request timeout leaves room for 20-second long polls. */
export function createSqsClient(target: ClientTarget): SQSClient {
  return new SQSClient({
    ...localOptions(target),
    requestHandler: requestHandler(30_000),
  });
}
