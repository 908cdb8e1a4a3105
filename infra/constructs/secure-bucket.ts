import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Explicit bucket name; omit to let CloudFormation generate a unique one. */
  readonly bucketName?: string;
  /** Keep every version of every object (input bucket: uploads are the source of truth). */
  readonly versioned?: boolean;
  /** Bucket receiving this bucket's server access logs; omit only for the log bucket itself. */
  readonly accessLogsBucket?: s3.IBucket;
  /** Prefix of this bucket's access logs inside {@link accessLogsBucket}. */
  readonly accessLogsPrefix?: string;
  /** Expire objects after this many days (log bucket). */
  readonly expireAfterDays?: number;
  /** RETAIN (default) keeps the bucket and its data when the stack is deleted. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An S3 bucket with this project's secure defaults: all public access blocked, TLS-only bucket
 * policy, S3-managed encryption (SSE-S3: no KMS key to pay for or grant, and S3 event
 * notifications work without key policies), bucket-owner-enforced object ownership (ACLs off),
 * and data kept when the stack is removed unless the caller asks otherwise.
 */
export class SecureBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: props.versioned ?? false,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsBucket ? props.accessLogsPrefix : undefined,
      lifecycleRules: props.expireAfterDays
        ? [{ id: 'expire', expiration: Duration.days(props.expireAfterDays) }]
        : undefined,
      removalPolicy,
      // Only when the caller chose DESTROY: a non-empty bucket cannot be deleted otherwise.
      // (Its CDK-owned provider is a raw CloudFormation resource: cdk-nag reports nothing on it.)
      autoDeleteObjects: destroy,
    });
  }
}
