import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { AnalyzeFunction } from './constructs/analyze-function.ts';
import { Backfill } from './constructs/backfill.ts';
import { QueueWithDeadLetter } from './constructs/queue-with-dead-letter.ts';
import { SecureBucket } from './constructs/secure-bucket.ts';
import {
  ACCESS_LOG_RETENTION_DAYS,
  BACKFILL_MAX_CONCURRENCY,
  DEAD_LETTER_RETENTION_SECONDS,
  DEFAULT_MAX_DOCUMENT_BYTES,
  DEFAULT_MEMORY_MB,
  DEFAULT_NOTIFICATION_PREFIX,
  DEFAULT_NOTIFICATION_SUFFIXES,
  MAX_RECEIVE_COUNT,
  QUEUE_RETENTION_SECONDS,
  VISIBILITY_TIMEOUT_SECONDS,
} from './settings.ts';

/** Properties of {@link TextlensStack}; every one has a default. */
export interface TextlensStackProps extends StackProps {
  /**
   * Prefix of every physical name (buckets, queues, function), e.g. `team-a-textlens`. Bucket
   * names get the account id and region appended, because they are global. Omit to let
   * CloudFormation generate unique names: two stacks with different ids never collide.
   * Lower-case letters, digits and hyphens, at most 20 characters.
   */
  readonly namePrefix?: string;
  /** Exact input bucket name (overrides {@link namePrefix} for this bucket). */
  readonly inputBucketName?: string;
  /** Exact output bucket name (overrides {@link namePrefix} for this bucket). */
  readonly outputBucketName?: string;
  /** Largest object analysed, in bytes; bigger ones get an error report. */
  readonly maxDocumentBytes?: number;
  /** Lambda memory in MB (also scales its CPU share). */
  readonly memorySize?: number;
  /** Analyse only keys under this prefix. Default: the whole bucket. */
  readonly notificationPrefix?: string;
  /** Analyse only keys ending with one of these suffixes (e.g. `.md`). Default: any key. */
  readonly notificationSuffixes?: readonly string[];
  /**
   * What happens to the buckets, their data and the logs when the stack is deleted. RETAIN
   * (default) keeps them; DESTROY empties and deletes them (for development copies).
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Child executions the backfill state machine runs at once (1..10,000). */
  readonly backfillMaxConcurrency?: number;
  /**
   * Analyze instances kept initialised for uploads (Lambda provisioned concurrency, 1..20),
   * so that the first upload after a quiet spell gets no cold start. Billed per hour whether
   * used or not. Default: none. The backfill keeps invoking on-demand instances.
   */
  readonly provisionedConcurrency?: number;
}

const NAME_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/;

/**
 * textlens on AWS: uploads to the input bucket are announced on a queue, analysed by a Lambda,
 * and reported into a separate output bucket.
 *
 * Why a queue between S3 and the function (instead of invoking it from S3 directly): S3's
 * asynchronous invoke retries twice and then drops the event, while the queue keeps it, lets the
 * function report per-record failures, bounds concurrency, and hands poison messages to a
 * dead-letter queue with an alarm, so no upload silently goes missing.
 */
export class TextlensStack extends Stack {
  readonly inputBucket: s3.Bucket;
  readonly outputBucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly queues: QueueWithDeadLetter;
  readonly analyzer: AnalyzeFunction;
  readonly backfill: Backfill;

  constructor(scope: Construct, id: string, props: TextlensStackProps = {}) {
    super(scope, id, props);
    const prefix = props.namePrefix;
    if (prefix !== undefined && !NAME_PREFIX_PATTERN.test(prefix)) {
      throw new Error(
        `namePrefix "${prefix}" must be 1-20 lower-case letters, digits or hyphens, not starting or ending with a hyphen`,
      );
    }
    const maxDocumentBytes = props.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    if (!Number.isSafeInteger(maxDocumentBytes) || maxDocumentBytes < 1) {
      throw new Error(`maxDocumentBytes must be a positive integer, got ${maxDocumentBytes}`);
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const globalName = (role: string) =>
      prefix ? `${prefix}-${role}-${this.account}-${this.region}` : undefined;

    this.logBucket = new SecureBucket(this, 'AccessLogs', {
      bucketName: globalName('logs'),
      expireAfterDays: ACCESS_LOG_RETENTION_DAYS,
      removalPolicy,
    }).bucket;
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the other two; logging it into itself would log its own log deliveries without end.',
    });

    this.inputBucket = new SecureBucket(this, 'Input', {
      bucketName: props.inputBucketName ?? globalName('input'),
      // Uploads are the source of truth: versioning keeps overwritten and deleted articles.
      versioned: true,
      accessLogsBucket: this.logBucket,
      accessLogsPrefix: 'input/',
      removalPolicy,
    }).bucket;

    this.outputBucket = new SecureBucket(this, 'Output', {
      bucketName: props.outputBucketName ?? globalName('output'),
      // Not versioned: every report can be regenerated from its upload.
      accessLogsBucket: this.logBucket,
      accessLogsPrefix: 'output/',
      removalPolicy,
    }).bucket;

    this.queues = new QueueWithDeadLetter(this, 'Events', {
      queueName: prefix ? `${prefix}-events` : undefined,
      visibilityTimeout: Duration.seconds(VISIBILITY_TIMEOUT_SECONDS),
      maxReceiveCount: MAX_RECEIVE_COUNT,
      retention: Duration.seconds(QUEUE_RETENTION_SECONDS),
      deadLetterRetention: Duration.seconds(DEAD_LETTER_RETENTION_SECONDS),
    });

    const notificationPrefix = props.notificationPrefix ?? DEFAULT_NOTIFICATION_PREFIX;
    const suffixes = props.notificationSuffixes ?? DEFAULT_NOTIFICATION_SUFFIXES;
    const destination = new s3n.SqsDestination(this.queues.queue);
    // Reports go to another bucket, so nothing this stack writes can trigger analysis.
    if (suffixes.length === 0) {
      const filters = notificationPrefix ? [{ prefix: notificationPrefix }] : [];
      this.inputBucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, ...filters);
    } else {
      for (const suffix of suffixes) {
        this.inputBucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, {
          prefix: notificationPrefix,
          suffix,
        });
      }
    }
    acknowledgeNotificationsHandler(this);

    this.analyzer = new AnalyzeFunction(this, 'Analyze', {
      inputBucket: this.inputBucket,
      outputBucket: this.outputBucket,
      queue: this.queues.queue,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      maxDocumentBytes,
      functionName: prefix ? `${prefix}-analyze` : undefined,
      inputKeyPrefix: notificationPrefix,
      logRemovalPolicy: removalPolicy,
      provisionedConcurrency: props.provisionedConcurrency,
    });

    // Reanalysis of existing objects (issue 9): the same function, driven by a Distributed Map.
    this.backfill = new Backfill(this, 'Backfill', {
      inputBucket: this.inputBucket,
      outputBucket: this.outputBucket,
      analyzeFunction: this.analyzer.function,
      maxConcurrency: props.backfillMaxConcurrency ?? BACKFILL_MAX_CONCURRENCY,
      defaultPrefix: notificationPrefix,
      suffixes,
      stateMachineName: prefix ? `${prefix}-backfill` : undefined,
      logRemovalPolicy: removalPolicy,
    });

    new CfnOutput(this, 'InputBucketName', {
      value: this.inputBucket.bucketName,
      description: 'Upload articles here',
    });
    new CfnOutput(this, 'OutputBucketName', {
      value: this.outputBucket.bucketName,
      description: 'Reports appear here as <key>.json (or <key>.error.json)',
    });
    new CfnOutput(this, 'QueueUrl', { value: this.queues.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.queues.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'FunctionName', { value: this.analyzer.function.functionName });
    new CfnOutput(this, 'LogGroupName', { value: this.analyzer.logGroup.logGroupName });
    new CfnOutput(this, 'BackfillStateMachineArn', {
      value: this.backfill.stateMachine.stateMachineArn,
      description: 'Reanalyse existing objects: textlens reanalyze --stack <this stack> [--prefix P]',
    });
  }
}

/**
 * `addEventNotification` is implemented by a CDK-owned singleton Lambda
 * (BucketNotificationsHandler<hash>) that calls PutBucketNotificationConfiguration at deploy
 * time; aws-cdk-lib fixes its role. The acknowledgement is placed on that construct only, so a
 * managed policy anywhere else in the stack still fails the check.
 */
function acknowledgeNotificationsHandler(stack: Stack): void {
  const handlers = stack.node.children.filter((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  );
  if (handlers.length !== 1) {
    throw new Error(
      `expected one BucketNotificationsHandler in ${stack.stackName}, found ${handlers.length}`,
    );
  }
  Validations.of(handlers[0]).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'CDK-owned BucketNotificationsHandler: runs only at deploy time to write the bucket notification configuration; aws-cdk-lib fixes its role and managed policy.',
  });
}
