// biome-ignore-all lint/suspicious/noExplicitAny: a synthesized CloudFormation template is untyped JSON.
/**
 * Stack tests: the synthesized template, least privilege, cdk-nag, side-by-side copies.
 * Each app is synthesized once (bundling + cdk-nag take a few seconds) and shared by the tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, DEFAULT_STACK_NAME } from '../../infra/app.ts';
import {
  BATCH_SIZE,
  DEAD_LETTER_RETENTION_SECONDS,
  DEFAULT_MAX_DOCUMENT_BYTES,
  DEFAULT_MEMORY_MB,
  ENV,
  FUNCTION_TIMEOUT_SECONDS,
  LOG_RETENTION_DAYS,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_CONCURRENCY,
  MAX_RECEIVE_COUNT,
  VISIBILITY_TIMEOUT_SECONDS,
} from '../../infra/settings.ts';
import type { TextlensStack } from '../../infra/textlens-stack.ts';

const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

interface Synthesized {
  app: App;
  stack: TextlensStack;
  template: Template;
  json: { Resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string }> };
  assemblyDir: string;
  synthMs: number;
}

/**
 * Synthesizes the real app (same code path as `npx cdk synth`) with cdk.json's feature flags.
 * `app.synth()` runs cdk-nag and throws on any unacknowledged finding. Bundling is skipped
 * unless asked, because only one test looks at the bundle.
 */
function synth(context: Record<string, unknown> = {}, bundle = false): Synthesized {
  const started = performance.now();
  const app = new App({
    context: { ...CDK_CONTEXT, ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const { stack } = createApp(app);
  const assembly = app.synth();
  const json = assembly.getStackByName(stack.stackName).template;
  return {
    app,
    stack,
    template: Template.fromJSON(json),
    json,
    assemblyDir: assembly.directory,
    synthMs: performance.now() - started,
  };
}

function resourcesOfType(s: Synthesized, type: string) {
  return Object.entries(s.json.Resources).filter(([, r]) => r.Type === type);
}

function logicalIdOf(s: Synthesized, construct: IConstruct): string {
  return s.stack.getLogicalId(construct.node.defaultChild as never);
}

/** Every IAM policy statement in the template, with the policy it belongs to. */
function statements(s: Synthesized) {
  return resourcesOfType(s, 'AWS::IAM::Policy').flatMap(([policyId, policy]) =>
    (policy.Properties.PolicyDocument.Statement as any[]).map((statement) => ({ policyId, ...statement })),
  );
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let main: Synthesized;

beforeAll(() => {
  main = synth({}, true);
  console.log(`synth of the default app with bundling and cdk-nag: ${Math.round(main.synthMs)} ms`);
});

describe('default stack', () => {
  it('synthesizes with cdk-nag AwsSolutions reporting no unacknowledged finding', () => {
    // app.synth() throws ValidationFailed otherwise; the report must hold no plugin failures.
    const report = JSON.parse(readFileSync(join(main.assemblyDir, 'validation-report.json'), 'utf8'));
    const violations = (report.pluginReports ?? []).flatMap((r: any) => r.violations ?? []);
    expect(violations).toEqual([]);
    expect(main.stack.stackName).toBe(DEFAULT_STACK_NAME);
  });

  it('has an input, an output and an access-log bucket, all private, TLS-only, encrypted and retained', () => {
    const buckets = resourcesOfType(main, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(3);
    for (const [, bucket] of buckets) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      });
      // Generated names by default, so copies never collide.
      expect(bucket.Properties.BucketName).toBeUndefined();
    }
    const policies = resourcesOfType(main, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('versions the input bucket and logs input and output access to the log bucket', () => {
    const input = logicalIdOf(main, main.stack.inputBucket);
    const output = logicalIdOf(main, main.stack.outputBucket);
    const logs = logicalIdOf(main, main.stack.logBucket);
    expect(input).not.toBe(output);
    const resources = main.json.Resources;
    expect(resources[input].Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(resources[output].Properties.VersioningConfiguration).toBeUndefined();
    for (const id of [input, output]) {
      expect(resources[id].Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logs });
    }
    expect(resources[logs].Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBeGreaterThan(0);
  });

  it('sends every ObjectCreated event of the input bucket (no filter) to the queue, and only from that bucket', () => {
    const queue = logicalIdOf(main, main.stack.queues.queue);
    main.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalIdOf(main, main.stack.inputBucket) },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            QueueArn: { 'Fn::GetAtt': [queue, 'Arn'] },
            Filter: Match.absent(),
          },
        ],
      },
    });
    // The output bucket has no notification: a report can never trigger analysis.
    expect(resourcesOfType(main, 'Custom::S3BucketNotifications')).toHaveLength(1);
    main.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: {
              ArnLike: {
                'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf(main, main.stack.inputBucket), 'Arn'] },
              },
            },
          }),
        ]),
      },
    });
  });

  it('has an encrypted queue whose visibility timeout is 6x the function timeout, with a DLQ after a bounded number of receives', () => {
    expect(VISIBILITY_TIMEOUT_SECONDS).toBeGreaterThanOrEqual(6 * FUNCTION_TIMEOUT_SECONDS);
    const dlq = logicalIdOf(main, main.stack.queues.deadLetterQueue);
    main.template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: VISIBILITY_TIMEOUT_SECONDS,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
        maxReceiveCount: MAX_RECEIVE_COUNT,
      },
    });
    main.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS,
      RedrivePolicy: Match.absent(),
    });
    // Both queues deny non-TLS access.
    const queuePolicies = resourcesOfType(main, 'AWS::SQS::QueuePolicy');
    const tlsDenials = queuePolicies.flatMap(([, p]) =>
      p.Properties.PolicyDocument.Statement.filter(
        (s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      ),
    );
    expect(tlsDenials).toHaveLength(2);
  });

  it('runs the function on ARM64, the newest Node.js, with measured memory and timeout, no source-map parsing and its settings', () => {
    main.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: DEFAULT_MEMORY_MB,
      Timeout: FUNCTION_TIMEOUT_SECONDS,
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: logicalIdOf(main, main.stack.analyzer.logGroup) } },
      Environment: {
        Variables: {
          [ENV.outputBucket]: { Ref: logicalIdOf(main, main.stack.outputBucket) },
          [ENV.maxDocumentBytes]: String(DEFAULT_MAX_DOCUMENT_BYTES),
          [ENV.serviceName]: 'textlens',
          [ENV.metricsNamespace]: Match.anyValue(),
          [ENV.logLevel]: 'INFO',
          // Only --expose-gc (large documents collect between blocks, functions/analyze/heap.ts);
          // no --enable-source-maps: it cost 100-300 ms of every cold start (infra/settings.ts).
          NODE_OPTIONS: '--expose-gc',
        },
      },
    });
    main.template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: LOG_RETENTION_DAYS },
      DeletionPolicy: 'Retain',
    });
  });

  it('consumes the queue with partial batch responses, bounded batches and bounded concurrency', () => {
    main.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    main.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(main, main.stack.queues.queue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(main, main.stack.analyzer.function) },
      BatchSize: BATCH_SIZE,
      MaximumBatchingWindowInSeconds: MAX_BATCHING_WINDOW_SECONDS,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: MAX_CONCURRENCY },
    });
  });

  it('grants no wildcard actions anywhere, and no managed policy to the analyze role', () => {
    for (const statement of statements(main)) {
      for (const action of asArray(statement.Action)) expect(action, statement.policyId).not.toContain('*');
    }
    const role = main.json.Resources[logicalIdOf(main, main.stack.analyzer.role)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('lets the analyze function read uploads, write reports and its own logs, and nothing else', () => {
    const input = logicalIdOf(main, main.stack.inputBucket);
    const output = logicalIdOf(main, main.stack.outputBucket);
    const role = logicalIdOf(main, main.stack.analyzer.role);
    const own = statements(main).filter((s) =>
      main.json.Resources[s.policyId].Properties.Roles.some((r: any) => r.Ref === role),
    );
    const grants = own.flatMap((s) =>
      asArray(s.Action).flatMap((action: string) =>
        asArray(s.Resource).map((resource) => ({ action, resource })),
      ),
    );
    const s3Grants = grants.filter((g) => g.action.startsWith('s3:'));
    const objectsOf = (bucket: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] });
    expect(s3Grants).toEqual(
      expect.arrayContaining([
        { action: 's3:GetObject', resource: objectsOf(input) },
        { action: 's3:PutObject', resource: objectsOf(output) },
        { action: 's3:GetObject', resource: objectsOf(output) },
        { action: 's3:DeleteObject', resource: objectsOf(output) },
        { action: 's3:AbortMultipartUpload', resource: objectsOf(output) },
        { action: 's3:ListBucket', resource: { 'Fn::GetAtt': [input, 'Arn'] } },
        { action: 's3:ListBucket', resource: { 'Fn::GetAtt': [output, 'Arn'] } },
      ]),
    );
    expect(s3Grants).toHaveLength(7);
    // In particular: the function can never write (or delete) in the input bucket.
    const writesInput = s3Grants.filter(
      (g) =>
        g.action !== 's3:GetObject' &&
        g.action !== 's3:ListBucket' &&
        JSON.stringify(g.resource).includes(input),
    );
    expect(writesInput).toEqual([]);
    const other = grants.filter((g) => !g.action.startsWith('s3:')).map((g) => g.action);
    expect(new Set(other)).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ]),
    );
  });

  it('alarms as soon as one message is in the dead-letter queue', () => {
    main.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(main, main.stack.queues.deadLetterQueue), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('outputs the bucket names, queue URLs and function name', () => {
    const outputs = main.template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'InputBucketName',
        'OutputBucketName',
        'QueueUrl',
        'DeadLetterQueueUrl',
        'FunctionName',
        'LogGroupName',
      ]),
    );
    expect(outputs.QueueUrl.Value).toEqual({ Ref: logicalIdOf(main, main.stack.queues.queue) });
  });

  it('bundles the handler with the local esbuild: code in index.js, the models compressed beside it', () => {
    const assets = readdirSync(main.assemblyDir).filter((name) => name.startsWith('asset.'));
    const bundles = assets.filter((name) => readdirSync(join(main.assemblyDir, name)).includes('index.js'));
    expect(bundles).toHaveLength(1);
    const dir = join(main.assemblyDir, bundles[0]);
    // No source map (NODE_OPTIONS has no --enable-source-maps) and no esbuild metafile.
    expect(readdirSync(dir).sort()).toEqual(['index.js', 'json']);
    const packed = readdirSync(join(dir, 'json'));
    expect(packed).toEqual(expect.arrayContaining(['ner.json.br', 'eng-core-web-model.json.br']));
    const size = statSync(join(dir, 'index.js')).size;
    console.log(`bundle: index.js ${(size / 1024 / 1024).toFixed(2)} MB, json/ ${packed.length} files`);
    // The wink model and the entity model are loaded from json/; the AWS SDK is not bundled (the
    // runtime has it).
    const code = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(code).not.toMatch(/require\("wink-eng-lite-web-model/);
    expect(code).not.toMatch(/require\("[^"]*\.json"\)/);
    expect(code).toContain('"json/ner.json.br"');
    expect(code).toMatch(/require\("@aws-sdk\/client-s3"\)/);
    expect(size).toBeLessThan(20 * 1024 * 1024);
  });

  it('gives every cdk-nag acknowledgement a written reason, and has only the reviewed ones', () => {
    const acknowledgements: { path: string; id: string; reason: string }[] = [];
    for (const construct of main.app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        // Stored as { '<plugin>::<rule id>': reason }.
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledgements.push({ path: construct.node.path, id, reason });
        }
      }
    }
    for (const ack of acknowledgements) {
      expect(ack.reason?.trim().length ?? 0, `${ack.path} ${ack.id}`).toBeGreaterThan(40);
    }
    expect(
      acknowledgements
        .map((a) => `${a.path.replace(/[0-9a-f]{32}$/, '')} ${a.id.replace(/\[.*\]$/, '')}`)
        .sort(),
    ).toEqual([
      'TextlensStack/AccessLogs/Bucket AwsSolutions::AwsSolutions-S1',
      'TextlensStack/Analyze/Role AwsSolutions::AwsSolutions-IAM5',
      'TextlensStack/Analyze/Role AwsSolutions::AwsSolutions-IAM5',
      // Backfill state machine (test/infra/backfill.test.ts): invoke :*, log delivery, result
      // writer, Distributed Map child executions (x2), no X-Ray.
      'TextlensStack/Backfill/StateMachine AwsSolutions::AwsSolutions-IAM5',
      'TextlensStack/Backfill/StateMachine AwsSolutions::AwsSolutions-IAM5',
      'TextlensStack/Backfill/StateMachine AwsSolutions::AwsSolutions-IAM5',
      'TextlensStack/Backfill/StateMachine AwsSolutions::AwsSolutions-IAM5',
      'TextlensStack/Backfill/StateMachine AwsSolutions::AwsSolutions-IAM5',
      'TextlensStack/Backfill/StateMachine AwsSolutions::AwsSolutions-SF2',
      'TextlensStack/BucketNotificationsHandler AwsSolutions::AwsSolutions-IAM4',
    ]);
  });
});

describe('copies and props', () => {
  it('deploys two copies side by side with distinct physical names', () => {
    const a = synth({ stackName: 'TextlensTeamA', namePrefix: 'team-a' });
    const b = synth({ stackName: 'TextlensTeamB', namePrefix: 'team-b' });
    const nameProperty: Record<string, string> = {
      'AWS::S3::Bucket': 'BucketName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::Lambda::Function': 'FunctionName',
    };
    const namesOf = (s: Synthesized) =>
      Object.values(s.json.Resources)
        .map((r) => r.Properties?.[nameProperty[r.Type]])
        // The CDK's own BucketNotificationsHandler function has no name.
        .filter((name) => name !== undefined)
        .map((name) => JSON.stringify(name));
    const namesA = namesOf(a);
    const namesB = namesOf(b);
    expect(namesA).toHaveLength(6); // 3 buckets, 2 queues, 1 function
    expect(namesA.filter((name) => namesB.includes(name))).toEqual([]);
    expect(namesA.join()).toContain('team-a-input-');
    expect(a.stack.stackName).not.toBe(b.stack.stackName);
  });

  it('applies prefix and suffix filters, and narrows object read access to the prefix', () => {
    const s = synth({ notificationPrefix: 'articles/', notificationSuffixes: '.md,.txt', memorySize: 2048 });
    s.template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Filter: {
              Key: {
                FilterRules: Match.arrayWith([
                  { Name: 'suffix', Value: '.md' },
                  { Name: 'prefix', Value: 'articles/' },
                ]),
              },
            },
          }),
          Match.objectLike({
            Filter: {
              Key: {
                FilterRules: Match.arrayWith([
                  { Name: 'suffix', Value: '.txt' },
                  { Name: 'prefix', Value: 'articles/' },
                ]),
              },
            },
          }),
        ],
      },
    });
    s.template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 2048 });
    const input = logicalIdOf(s, s.stack.inputBucket);
    const read = statements(s).find((st) => st.Sid === 'ReadUploads');
    expect(read?.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [input, 'Arn'] }, '/articles/*']] });
  });

  it('destroys buckets (emptying them first) and logs only when asked to', () => {
    const s = synth({ removalPolicy: 'destroy', maxDocumentBytes: 1000 });
    for (const [, bucket] of resourcesOfType(s, 'AWS::S3::Bucket'))
      expect(bucket.DeletionPolicy).toBe('Delete');
    s.template.resourceCountIs('Custom::S3AutoDeleteObjects', 3);
    s.template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.maxDocumentBytes]: '1000' }) },
    });
  });

  it('keeps instances initialised for uploads when asked: provisioned concurrency on a live alias the queue invokes', () => {
    const s = synth({ provisionedConcurrency: 2 });
    const fn = logicalIdOf(s, s.stack.analyzer.function);
    s.template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: fn },
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    // The mapping names the alias (its ARN's function name, qualified with ":live").
    const alias = logicalIdOf(s, s.stack.analyzer.alias as IConstruct);
    const mappings = resourcesOfType(s, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const target = JSON.stringify(mappings[0][1].Properties.FunctionName);
    expect(target).toContain(':live');
    expect(target).toContain(`{"Ref":"${alias}"}`);
    // Without the prop: no alias, no version, the queue invokes the function.
    main.template.resourceCountIs('AWS::Lambda::Alias', 0);
    main.template.resourceCountIs('AWS::Lambda::Version', 0);
    main.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(main, main.stack.analyzer.function) },
    });
    expect(() => synth({ provisionedConcurrency: MAX_CONCURRENCY + 1 })).toThrow(/provisionedConcurrency/);
  });

  it('rejects invalid props with a message that names them', () => {
    expect(() => synth({ namePrefix: 'Team_A' })).toThrow(/namePrefix/);
    expect(() => synth({ maxDocumentBytes: '-5' })).toThrow(/maxDocumentBytes/);
    expect(() => synth({ removalPolicy: 'snapshot' })).toThrow(/removalPolicy/);
  });
});
