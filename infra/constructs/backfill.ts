import { type CfnElement, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  BACKFILL_ITEMS_PER_BATCH,
  BACKFILL_RESULTS_PREFIX,
  BACKFILL_TIMEOUT_HOURS,
  BACKFILL_TOLERATED_FAILURE_PERCENTAGE,
  LOG_RETENTION_DAYS,
} from '../settings.ts';

/** Properties of {@link Backfill}. */
export interface BackfillProps {
  readonly inputBucket: s3.IBucket;
  readonly outputBucket: s3.IBucket;
  /** The analyze function of the event path; the backfill invokes exactly this one. */
  readonly analyzeFunction: lambda.IFunction;
  /** Child executions at once (Distributed Map MaxConcurrency, 1..10,000). */
  readonly maxConcurrency: number;
  /** Prefix listed when an execution's input names none (the stack's notification prefix). */
  readonly defaultPrefix?: string;
  /** Only keys ending with one of these are analysed (the stack's notification suffixes). */
  readonly suffixes: readonly string[];
  readonly stateMachineName?: string;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** Error names (Lambda `errorType`s) the analyze task retries. */
export const BACKFILL_RETRIED_ERRORS = {
  /** Part of the batch could not be finished (S3 trouble, time margin): retry the batch. */
  batch: ['BackfillBatchError', 'Sandbox.Timedout'],
  /** Lambda throttling: the account's concurrency is used up by other work. */
  throttled: ['Lambda.TooManyRequestsException'],
} as const;

/**
 * Reanalysis of existing objects with AWS's own engine: a Step Functions state machine whose
 * Distributed Map lists a prefix of the input bucket (ItemReader = ListObjectsV2), batches the
 * keys, and runs one child execution per batch that invokes the analyze function of the event
 * path with it (`functions/analyze/backfill.ts` turns the batch into the same SQS-shaped S3 event
 * and runs the same handler). Reports land in the output bucket exactly as for uploads; the run's
 * results (which batches failed, and why) go to `backfill-runs/` in the output bucket.
 *
 * Start it with `textlens reanalyze --stack NAME [--prefix P]`, or with input
 * `{"prefix": "news/2026/"}` (no prefix: the whole bucket, or the notification prefix).
 */
export class Backfill extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly map: sfn.DistributedMap;

  constructor(scope: Construct, id: string, props: BackfillProps) {
    super(scope, id);
    if (
      !Number.isInteger(props.maxConcurrency) ||
      props.maxConcurrency < 1 ||
      props.maxConcurrency > 10_000
    ) {
      throw new Error(`backfill maxConcurrency must be 1..10000, got ${props.maxConcurrency}`);
    }

    const analyze = new tasks.LambdaInvoke(this, 'AnalyzeBatch', {
      lambdaFunction: props.analyzeFunction,
      // The whole child input ({ Items, BatchInput }) is the payload.
      payloadResponseOnly: true,
      // Lambda.ServiceException and friends are retried by the task's defaults.
      retryOnServiceExceptions: true,
      comment: 'Same function and handler as the queue path; a backfill batch becomes an SQS-shaped S3 event',
    });
    analyze.addRetry({
      errors: [...BACKFILL_RETRIED_ERRORS.batch],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 3,
      jitterStrategy: sfn.JitterType.FULL,
    });
    analyze.addRetry({
      errors: [...BACKFILL_RETRIED_ERRORS.throttled],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 8,
      maxDelay: Duration.minutes(1),
      jitterStrategy: sfn.JitterType.FULL,
    });

    this.map = new sfn.DistributedMap(this, 'AnalyzeObjects', {
      comment: 'One child execution per batch of listed objects',
      itemReader: new sfn.S3ObjectsItemReader({
        bucket: props.inputBucket,
        prefix: sfn.JsonPath.stringAt('$.prefix'),
      }),
      // Only what the function needs; keeps each batch far below the 256 KiB payload limit.
      itemSelector: {
        key: sfn.JsonPath.stringAt('$$.Map.Item.Value.Key'),
        size: sfn.JsonPath.numberAt('$$.Map.Item.Value.Size'),
        eTag: sfn.JsonPath.stringAt('$$.Map.Item.Value.Etag'),
      },
      itemBatcher: new sfn.ItemBatcher({
        maxItemsPerBatch: BACKFILL_ITEMS_PER_BATCH,
        batchInput: { bucket: props.inputBucket.bucketName, suffixes: [...props.suffixes] },
      }),
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentage: BACKFILL_TOLERATED_FAILURE_PERCENTAGE,
      // Standard children: exactly-once steps and no 5-minute cap (a batch with retries can
      // take longer than an Express child may run).
      mapExecutionType: sfn.StateMachineType.STANDARD,
      label: 'Analyze',
      // Without it the map returns every child's output in the execution's 256 KiB of state.
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: props.outputBucket,
        prefix: BACKFILL_RESULTS_PREFIX,
      }),
    });
    this.map.itemProcessor(analyze);

    // Executions started without a prefix list the default one (the whole bucket, or the
    // notification prefix the function's read permission is narrowed to).
    const hasPrefix = new sfn.Choice(this, 'HasPrefix')
      .when(sfn.Condition.isPresent('$.prefix'), this.map)
      .otherwise(
        new sfn.Pass(this, 'DefaultPrefix', {
          result: sfn.Result.fromObject({ prefix: props.defaultPrefix ?? '' }),
        }).next(this.map),
      );

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION_DAYS as logs.RetentionDays,
      removalPolicy: props.logRemovalPolicy,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'textlens backfill: analyse every object under a prefix of the input bucket',
      definitionBody: sfn.DefinitionBody.fromChainable(hasPrefix),
      timeout: Duration.hours(BACKFILL_TIMEOUT_HOURS),
      // ALL events, without execution data: keys and counts stay out of the logs, and the volume
      // is a few KB per child execution.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: false,
    });

    this.acknowledgeFindings(props);
  }

  private acknowledgeFindings(props: BackfillProps): void {
    const stack = Stack.of(this);
    const idOf = (construct: Construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const functionId = idOf(props.analyzeFunction as unknown as Construct);
    const outputId = idOf(props.outputBucket as unknown as Construct);
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${idOf(this.stateMachine)}"}]}]}`;
    const childReason =
      "Distributed Map bookkeeping that aws-cdk-lib adds: Describe/Stop/Redrive of this state machine's own executions and of its map run children (execution ids are generated, hence the wildcard after this state machine's name).";
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SF2',
        reason:
          'No X-Ray: a backfill is millions of identical one-step child executions; the function logs per-object timings and EMF metrics, and the state machine logs ALL events. Tracing would add cost per trace and a wildcard IAM statement without new information.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        reason:
          'CDK grants lambda:InvokeFunction on the analyze function and its versions/aliases (the :* form); it is the one function this state machine invokes.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch Logs vended log delivery (logs:CreateLogDelivery, PutResourcePolicy, ...) does not support resource-level permissions; AWS documents Resource "*" for Step Functions logging.',
      },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::${executions}:*]`, reason: childReason },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::${executions}/Analyze:*]`, reason: childReason },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${outputId}>/*]`,
        reason:
          'Distributed Map ResultWriter: aws-cdk-lib grants s3:PutObject/GetObject/multipart on the result bucket as a whole; results go to backfill-runs/ of the output bucket, which holds only regenerable reports.',
      },
    );
  }
}
