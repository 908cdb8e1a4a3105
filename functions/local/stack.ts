/**
 * The whole local pipeline in one call: embedded S3+SQS server, the stack's buckets and queues,
 * the upload -> event bridge, and pollers running the real analyze handler in Lambda-like child
 * processes. Used by `textlens serve` (`npm start`) and by the end-to-end tests.
 */
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ENV, METRICS_NAMESPACE, SERVICE_NAME } from '../../infra/settings.ts';
import { createS3Client, createSqsClient, LOCAL_CREDENTIALS } from './clients.ts';
import { createEventBridge, type EventBridge } from './event-bridge.ts';
import { LambdaEnvironment, type LambdaEnvironmentOptions } from './lambda-environment.ts';
import { type InvocationSummary, type Poller, startPoller } from './poller.ts';
import { type ObjectCreatedNotice, type S3ServerApp, startLocalS3Server } from './s3-server.ts';
import { defaultLocalWiring, type LocalWiring, workQueueAttributes } from './wiring.ts';

/** Where the local server keeps its data. fauxqs 1.9.2 has no persistence. */
export const DATA_LOCATION = 'memory (fauxqs keeps no files; everything is gone when the server stops)';

export interface LocalStackOptions {
  /** Port of the S3+SQS endpoint; 0 for a free one. Default 4566. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Settings to change from the deployed stack's (tests shorten timeouts). */
  wiring?: Partial<LocalWiring>;
  /** Handler to run instead of the real one (tests of timeouts and crashes). */
  handler?: Pick<LambdaEnvironmentOptions, 'handlerModule' | 'handlerExport'>;
  /** Handler log level (POWERTOOLS_LOG_LEVEL); default WARN, so only problems are logged. */
  logLevel?: string;
  /** Every line the handler processes write. Default: discarded. */
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  onInvocation?: (summary: InvocationSummary) => void;
  /** Problems of the bridge or the pollers (they keep going). Default: written to stderr. */
  onProblem?: (message: string) => void;
  /** Every object created in any bucket (uploads and reports), after the bridge saw it. */
  onObjectCreated?: (notice: ObjectCreatedNotice) => void;
  /** Adds hooks to the HTTP server before it listens (fault injection). */
  configureServer?: (app: S3ServerApp) => void;
}

/** A running local stack. */
export interface LocalStack {
  readonly endpoint: string;
  readonly port: number;
  readonly wiring: LocalWiring;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  /** Clients already pointed at the endpoint. */
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly bridge: EventBridge;
  readonly poller: Poller;
  readonly environments: readonly LambdaEnvironment[];
  /** Milliseconds from the call to a serving stack. */
  readonly startMs: number;
  /** Stops pollers, environments and server. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the local stack; resolves when uploads are being turned into events and analysed. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const started = performance.now();
  const wiring = defaultLocalWiring(options.wiring);
  const problem = options.onProblem ?? ((message: string) => console.error(`textlens local: ${message}`));

  // The bridge needs the queue URL, which exists only once the server runs: notices arriving
  // before then (none can, the buckets do not exist yet) would have nowhere to go.
  let bridge: EventBridge | undefined;
  const server = await startLocalS3Server({
    port: options.port ?? 4566,
    host: options.host,
    onObjectCreated: (notice: ObjectCreatedNotice) => {
      bridge?.notify(notice);
      options.onObjectCreated?.(notice);
    },
    configure: options.configureServer,
  });
  const target = { endpoint: server.endpoint, region: wiring.region };
  const s3 = createS3Client(target);
  const sqs = createSqsClient(target);

  try {
    await Promise.all([
      s3.send(new CreateBucketCommand({ Bucket: wiring.inputBucket })),
      s3.send(new CreateBucketCommand({ Bucket: wiring.outputBucket })),
    ]);
    const deadLetter = await sqs.send(new CreateQueueCommand({ QueueName: wiring.deadLetterQueueName }));
    const deadLetterArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: deadLetter.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn;
    if (!deadLetter.QueueUrl || !deadLetterArn)
      throw new Error('the local server did not create the dead-letter queue');
    const work = await sqs.send(
      new CreateQueueCommand({
        QueueName: wiring.queueName,
        Attributes: workQueueAttributes(wiring, deadLetterArn),
      }),
    );
    const queueUrl = work.QueueUrl;
    const queueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    if (!queueUrl || !queueArn) throw new Error('the local server did not create the work queue');

    bridge = createEventBridge({
      s3,
      sqs,
      queueUrl,
      bucket: wiring.inputBucket,
      filter: wiring.notification,
      region: wiring.region,
      onError: (notice, error) =>
        problem(`no event sent for s3://${notice.bucket}/${notice.key}: ${describe(error)}`),
    });

    const environments = Array.from(
      { length: wiring.concurrency },
      (_, index) =>
        new LambdaEnvironment({
          ...options.handler,
          functionName: `${wiring.queueName.replace(/-events$/, '')}-analyze-${index + 1}`,
          memoryMb: wiring.memoryMb,
          timeoutSeconds: wiring.functionTimeoutSeconds,
          onLog: options.onLog,
          env: {
            // What the stack sets on the function (infra/constructs/analyze-function.ts).
            [ENV.outputBucket]: wiring.outputBucket,
            [ENV.maxDocumentBytes]: String(wiring.maxDocumentBytes),
            [ENV.serviceName]: SERVICE_NAME,
            [ENV.metricsNamespace]: METRICS_NAMESPACE,
            [ENV.logLevel]: options.logLevel ?? 'WARN',
            // Where "AWS" is: the SDK reads these, so the handler's own client needs no change.
            AWS_ENDPOINT_URL_S3: server.endpoint,
            AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
            AWS_REGION: wiring.region,
          },
        }),
    );
    // Start the processes while the caller uploads: the first batch then finds a warm one.
    for (const environment of environments) void environment.prewarm();

    const poller = startPoller({
      sqs,
      queueUrl,
      queueArn,
      region: wiring.region,
      batchSize: wiring.batchSize,
      maxBatchingWindowSeconds: wiring.maxBatchingWindowSeconds,
      environments,
      onInvocation: (summary) => {
        const { result } = summary;
        if (result.status === 'timeout') {
          problem(
            `invocation timed out after ${wiring.functionTimeoutSeconds} s; environment killed, ${summary.retried} message(s) will be redelivered`,
          );
        } else if (result.status === 'crashed') {
          problem(`environment ${result.reason}; ${summary.retried} message(s) will be redelivered`);
        } else if (result.status === 'error' || result.status === 'init-error') {
          problem(
            `handler failed (${result.error.name}: ${result.error.message}); ${summary.retried} message(s) will be redelivered`,
          );
        }
        options.onInvocation?.(summary);
      },
      onError: (error) => problem(`queue poller: ${describe(error)}`),
    });

    let stopping: Promise<void> | undefined;
    return {
      endpoint: server.endpoint,
      port: server.port,
      wiring,
      queueUrl,
      queueArn,
      deadLetterQueueUrl: deadLetter.QueueUrl,
      s3,
      sqs,
      bridge,
      poller,
      environments,
      startMs: Math.round(performance.now() - started),
      stop() {
        stopping ??= (async () => {
          await poller.stop(2_000);
          await Promise.all(environments.map((environment) => environment.stop()));
          await server.stop();
          s3.destroy();
          sqs.destroy();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
