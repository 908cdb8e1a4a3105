import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link QueueWithDeadLetter}. */
export interface QueueWithDeadLetterProps {
  /** Explicit queue name (the dead-letter queue gets `-dlq` appended); omit for generated names. */
  readonly queueName?: string;
  /** Visibility timeout of the main queue: at least 6x the consumer's timeout. */
  readonly visibilityTimeout: Duration;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** How long the work queue keeps a message. */
  readonly retention: Duration;
  /** How long the dead-letter queue keeps messages (longer than {@link retention}). */
  readonly deadLetterRetention: Duration;
  /** Queues hold no data worth keeping after the stack is gone; default DESTROY. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A work queue with a dead-letter queue and an alarm on the dead-letter queue's depth.
 *
 * Both queues use SSE-SQS (SQS-managed keys): S3 event notifications can be delivered to them
 * without a customer-managed KMS key (the AWS-managed `aws/sqs` key cannot be granted to the S3
 * service principal), and both are TLS-only through their queue policies.
 */
export class QueueWithDeadLetter extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** Fires as soon as one message is in the dead-letter queue: something needs a human. */
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: QueueWithDeadLetterProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: props.queueName ? `${props.queueName}-dlq` : undefined,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention,
      removalPolicy,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retention,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      removalPolicy,
    });
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        'textlens: messages in the dead-letter queue. Each is an upload that got neither a report nor an error report; inspect, fix, then redrive.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS publishes no datapoints for an idle queue: that means empty, not broken.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
