import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  BATCH_SIZE,
  DEFAULT_LOG_LEVEL,
  ENV,
  FUNCTION_TIMEOUT_SECONDS,
  LAMBDA_BUNDLE,
  LAMBDA_NODE_OPTIONS,
  LOG_RETENTION_DAYS,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_CONCURRENCY,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../settings.ts';

/** Absolute paths resolved from this file, so synth works from any working directory. */
const HANDLER_ENTRY = fileURLToPath(new URL('../../functions/analyze/handler.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
/** Post-bundling step that ships the JSON models compressed (see the file). */
const PACK_JSON = fileURLToPath(new URL('../bundling/pack-json.ts', import.meta.url));

/** Properties of {@link AnalyzeFunction}. */
export interface AnalyzeFunctionProps {
  readonly inputBucket: s3.IBucket;
  readonly outputBucket: s3.IBucket;
  readonly queue: sqs.IQueue;
  readonly memorySize: number;
  readonly maxDocumentBytes: number;
  /** Explicit function name; omit for a generated one. */
  readonly functionName?: string;
  /** Key prefix the notifications are filtered on: object permissions are narrowed to it. */
  readonly inputKeyPrefix?: string;
  /** Log group removal policy; follows the stack's data removal policy. */
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * Instances kept initialised for the upload path (Lambda provisioned concurrency on a `live`
   * alias, which the queue then invokes). Omit for none: every instance starts cold.
   */
  readonly provisionedConcurrency?: number;
}

/**
 * The analyze Lambda: esbuild bundle of `functions/analyze/handler.ts` (local esbuild, no Docker),
 * ARM64 (about 20% cheaper per GB-s than x86 and the code is pure JavaScript), the newest Node.js
 * runtime, fed by the queue with partial batch responses, and a role that can do exactly what
 * the handler does and nothing else.
 */
export class AnalyzeFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  /** The `live` alias with provisioned concurrency, when asked for. */
  readonly alias?: lambda.Alias;
  /** What the queue invokes: {@link alias} when there is one, else {@link function}. */
  readonly queueTarget: lambda.IFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AnalyzeFunctionProps) {
    super(scope, id);

    // An explicit log group (instead of the deprecated logRetention custom resource) so retention
    // is a plain CloudFormation property and the role can be scoped to this one group.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION_DAYS as logs.RetentionDays,
      removalPolicy: props.logRemovalPolicy,
    });

    // Our own role instead of the default one: the default attaches the AWS-managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group in the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'textlens analyze function: read uploads, write reports, write its own logs',
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      entry: HANDLER_ENTRY,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      role: this.role,
      logGroup: this.logGroup,
      description: 'textlens: analyse an uploaded article and write its JSON report',
      environment: {
        [ENV.outputBucket]: props.outputBucket.bucketName,
        [ENV.maxDocumentBytes]: String(props.maxDocumentBytes),
        [ENV.serviceName]: SERVICE_NAME,
        [ENV.metricsNamespace]: METRICS_NAMESPACE,
        [ENV.logLevel]: DEFAULT_LOG_LEVEL,
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        // No --enable-source-maps: parsing the source map cost 100-300 ms of every
        // cold start (LAMBDA_BUNDLE in infra/settings.ts).
      },
      bundling: {
        // The bundle is built by the project's own esbuild devDependency; never fall back to Docker.
        forceDockerBundling: false,
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: LAMBDA_BUNDLE.sourceMap,
        keepNames: LAMBDA_BUNDLE.keepNames,
        format: nodejs.OutputFormat.CJS,
        externalModules: [...LAMBDA_BUNDLE.externalModules, ...LAMBDA_BUNDLE.packedImports],
        // The metafile tells pack-json where each external JSON import comes from; pack-json
        // writes the compressed models into the asset and deletes the metafile. It runs with the
        // Node.js running synth (local bundling; there is no Docker fallback for it).
        metafile: true,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            [process.execPath, '--import', 'tsx', PACK_JSON, outputDir, inputDir]
              .map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`)
              .join(' '),
          ],
        },
      },
    });

    // Provisioned concurrency lives on a version, so on an alias of the current one; the
    // queue invokes the alias, whose initialised instances answer without a cold start (the
    // ~0.5 s measured by `npm run bench`, docs/performance.md). Uploads beyond them spill over
    // to on-demand instances of the same version. Each provisioned instance is billed while it
    // exists, used or not (docs/deploy.md).
    const provisioned = props.provisionedConcurrency;
    if (provisioned !== undefined) {
      if (!Number.isSafeInteger(provisioned) || provisioned < 1 || provisioned > MAX_CONCURRENCY) {
        throw new Error(
          `provisionedConcurrency must be an integer 1..${MAX_CONCURRENCY} (the queue never runs more instances at once), got ${provisioned}`,
        );
      }
      this.alias = new lambda.Alias(this, 'Live', {
        aliasName: 'live',
        version: this.function.currentVersion,
        provisionedConcurrentExecutions: provisioned,
        description: 'What the upload queue invokes: the current version, with instances kept initialised',
      });
    }
    this.queueTarget = this.alias ?? this.function;
    this.queueTarget.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(MAX_BATCHING_WINDOW_SECONDS),
        maxConcurrency: MAX_CONCURRENCY,
        // One failed record must not re-run (or lose) the others of its batch.
        reportBatchItemFailures: true,
      }),
    );

    this.grantS3Access(props);
  }

  /**
   * Explicit statements instead of grantRead/grantWrite: those add wildcard actions
   * (`s3:GetObject*`, `s3:List*`, `s3:Abort*`, ...). ListBucket is included because without it
   * S3 answers HeadObject on a missing key with 403 instead of 404, and the handler relies on
   * 404 to tell "no report yet" and "object deleted" from a real permission problem.
   */
  private grantS3Access(props: AnalyzeFunctionProps): void {
    const inputObjects = props.inputBucket.arnForObjects(`${props.inputKeyPrefix ?? ''}*`);
    const outputObjects = props.outputBucket.arnForObjects('*');
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadUploads',
        actions: ['s3:GetObject'],
        resources: [inputObjects],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteReports',
        // GetObject backs the HeadObject duplicate check; DeleteObject removes a stale error
        // report once the same key has a good report (and vice versa); AbortMultipartUpload
        // cleans up a failed multipart upload of a big report.
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [outputObjects],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Tell404From403',
        actions: ['s3:ListBucket'],
        resources: [props.inputBucket.bucketArn, props.outputBucket.bucketArn],
      }),
    );
    const stack = Stack.of(this);
    Validations.of(this.role).acknowledge(
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(cfnResourceOf(props.inputBucket))}.Arn>/${props.inputKeyPrefix ?? ''}*]`,
        reason:
          'Object-level read on the input bucket: the function analyses whichever key an upload creates (narrowed to the notification prefix when one is set). Actions are listed explicitly, no action wildcards.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(cfnResourceOf(props.outputBucket))}.Arn>/*]`,
        reason:
          'Object-level write on the output bucket: a report key is derived from the upload key, which can be anything. Actions are listed explicitly, no action wildcards.',
      },
    );
  }
}

/** The CloudFormation resource of a bucket, whose logical id cdk-nag uses in finding ids. */
function cfnResourceOf(bucket: s3.IBucket): CfnElement {
  return bucket.node.defaultChild as CfnElement;
}
