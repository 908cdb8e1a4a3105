// biome-ignore-all lint/suspicious/noExplicitAny: a synthesized CloudFormation template is untyped JSON.
/**
 * The local pipeline imitates the deployed stack: this synthesizes the real CDK app and checks
 * that what `npm start` wires up (defaultLocalWiring) matches the template: event-source batch
 * size and window, queue visibility timeout and redrive limit, notification filters, function
 * memory, timeout and document limit, and the stack outputs the CLI reads with `--stack`.
 * (test/infra/stack.test.ts checks the template against infra/settings.ts; this closes the loop
 * to the local side.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_OUTPUT_KEYS } from '../../functions/cli/target.ts';
import { defaultLocalWiring, type LocalWiring } from '../../functions/local/wiring.ts';
import { createApp } from '../../infra/app.ts';
import { ENV } from '../../infra/settings.ts';

const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

type Resources = Record<string, { Type: string; Properties?: any }>;

function synthesize(context: Record<string, unknown> = {}): {
  Resources: Resources;
  Outputs: Record<string, unknown>;
} {
  // No bundling: only the configuration matters here.
  const app = new App({ context: { ...CDK_CONTEXT, ...context, 'aws:cdk:bundling-stacks': [] } });
  const { stack } = createApp(app);
  return app.synth().getStackByName(stack.stackName).template;
}

function only(resources: Resources, type: string, where: (r: any) => boolean = () => true) {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type && where(r));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0];
}

/** The notification filter the template configures, as the local wiring expresses it. */
function templateFilter(resources: Resources): LocalWiring['notification'] {
  const [, notifications] = only(resources, 'Custom::S3BucketNotifications');
  const configurations = notifications.Properties.NotificationConfiguration.QueueConfigurations as any[];
  expect(configurations.every((c) => c.Events.join() === 's3:ObjectCreated:*')).toBe(true);
  const rules = configurations.map((c) =>
    Object.fromEntries(
      ((c.Filter?.Key?.FilterRules ?? []) as any[]).map((rule) => [rule.Name.toLowerCase(), rule.Value]),
    ),
  );
  const prefixes = [...new Set(rules.map((rule) => rule.prefix as string | undefined))];
  expect(prefixes).toHaveLength(1);
  return {
    prefix: prefixes[0],
    suffixes: rules
      .map((rule) => rule.suffix as string | undefined)
      .filter((s): s is string => s !== undefined),
  };
}

function templateWiring(template: { Resources: Resources }) {
  const resources = template.Resources;
  const [, mapping] = only(resources, 'AWS::Lambda::EventSourceMapping');
  const [queueId, queue] = only(
    resources,
    'AWS::SQS::Queue',
    (r) => r.Properties?.RedrivePolicy !== undefined,
  );
  const [, fn] = only(
    resources,
    'AWS::Lambda::Function',
    (r) => r.Properties?.Environment?.Variables?.[ENV.outputBucket] !== undefined,
  );
  expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  return {
    batchSize: mapping.Properties.BatchSize,
    maxBatchingWindowSeconds: mapping.Properties.MaximumBatchingWindowInSeconds,
    maxReceiveCount: queue.Properties.RedrivePolicy.maxReceiveCount,
    visibilityTimeoutSeconds: queue.Properties.VisibilityTimeout,
    functionTimeoutSeconds: fn.Properties.Timeout,
    memoryMb: fn.Properties.MemorySize,
    maxDocumentBytes: Number(fn.Properties.Environment.Variables[ENV.maxDocumentBytes]),
    notification: templateFilter(resources),
    maxConcurrency: mapping.Properties.ScalingConfig?.MaximumConcurrency,
  };
}

let template: ReturnType<typeof synthesize>;
beforeAll(() => {
  template = synthesize();
});

describe('local wiring vs. the synthesized stack', () => {
  it('uses the same batching, redrive, visibility, limits and filters', () => {
    const { maxConcurrency, ...deployed } = templateWiring(template);
    const local = defaultLocalWiring();
    expect({
      batchSize: local.batchSize,
      maxBatchingWindowSeconds: local.maxBatchingWindowSeconds,
      maxReceiveCount: local.maxReceiveCount,
      visibilityTimeoutSeconds: local.visibilityTimeoutSeconds,
      functionTimeoutSeconds: local.functionTimeoutSeconds,
      memoryMb: local.memoryMb,
      maxDocumentBytes: local.maxDocumentBytes,
      notification: { prefix: local.notification.prefix, suffixes: [...local.notification.suffixes] },
    }).toEqual(deployed);
    // Locally the environments are capped by the cores; never more than the stack allows.
    expect(local.concurrency).toBeLessThanOrEqual(maxConcurrency);
  });

  it('reads the filters the same way when the stack narrows them', () => {
    const narrowed = synthesize({ notificationPrefix: 'incoming/', notificationSuffixes: '.txt,.md' });
    expect(templateWiring(narrowed).notification).toEqual({ prefix: 'incoming/', suffixes: ['.txt', '.md'] });
  });

  it('has the outputs `--stack` reads', () => {
    for (const key of Object.values(STACK_OUTPUT_KEYS)) expect(Object.keys(template.Outputs)).toContain(key);
  });
});
