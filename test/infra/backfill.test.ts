// biome-ignore-all lint/suspicious/noExplicitAny: a synthesized CloudFormation template is untyped JSON.
/**
 * The backfill state machine (issue 9): its definition (Distributed Map over an S3 listing,
 * batching, bounded concurrency, tolerated failures, retries, result writer), its IAM (least
 * privilege), its logging, and the stack output the CLI starts it by. Also runs the Lambda side
 * of a batch (functions/analyze/backfill.ts) against a fake event-path handler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BackfillBatchError,
  backfillObjects,
  createBackfillHandler,
  isBackfillBatch,
} from '../../functions/analyze/backfill.ts';
import { parseMessage } from '../../functions/analyze/s3-event.ts';
import { createApp } from '../../infra/app.ts';
import { BACKFILL_RETRIED_ERRORS } from '../../infra/constructs/backfill.ts';
import {
  BACKFILL_ITEMS_PER_BATCH,
  BACKFILL_MAX_CONCURRENCY,
  BACKFILL_RESULTS_PREFIX,
  BACKFILL_TOLERATED_FAILURE_PERCENTAGE,
  BATCH_SIZE,
} from '../../infra/settings.ts';
import type { TextlensStack } from '../../infra/textlens-stack.ts';

const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

interface Synthesized {
  stack: TextlensStack;
  template: Template;
  resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string }>;
  /** The state machine definition with CloudFormation references replaced by `<LogicalId>`. */
  definition: any;
  synthMs: number;
}

function synth(context: Record<string, unknown> = {}): Synthesized {
  const started = performance.now();
  const app = new App({ context: { ...CDK_CONTEXT, ...context, 'aws:cdk:bundling-stacks': [] } });
  const { stack } = createApp(app);
  const json = app.synth().getStackByName(stack.stackName).template;
  const machines = Object.values<any>(json.Resources).filter(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine',
  );
  expect(machines).toHaveLength(1);
  const parts = machines[0].Properties.DefinitionString['Fn::Join'][1] as any[];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part.Ref) return `<${part.Ref}>`;
      if (part['Fn::GetAtt']) return `<${part['Fn::GetAtt'].join('.')}>`;
      throw new Error(`unexpected part ${JSON.stringify(part)}`);
    })
    .join('');
  return {
    stack,
    template: Template.fromJSON(json),
    resources: json.Resources,
    definition: JSON.parse(text),
    synthMs: performance.now() - started,
  };
}

const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }) =>
  s.stack.getLogicalId(construct.node.defaultChild as never);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let main: Synthesized;
beforeAll(() => {
  main = synth();
  console.log(`synth (no bundling, cdk-nag on): ${Math.round(main.synthMs)} ms`);
});

describe('backfill state machine definition', () => {
  it('defaults the prefix, then runs a Distributed Map over a listing of the input bucket', () => {
    const { definition } = main;
    expect(definition.StartAt).toBe('HasPrefix');
    expect(definition.States.HasPrefix.Choices).toEqual([
      { Variable: '$.prefix', IsPresent: true, Next: 'AnalyzeObjects' },
    ]);
    expect(definition.States.DefaultPrefix).toMatchObject({ Type: 'Pass', Result: { prefix: '' } });
    const map = definition.States.AnalyzeObjects;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ItemReader).toEqual({
      Resource: 'arn:<AWS::Partition>:states:::s3:listObjectsV2',
      Parameters: { Bucket: `<${idOf(main, main.stack.inputBucket)}>`, 'Prefix.$': '$.prefix' },
    });
    expect(map.ItemSelector).toEqual({
      'key.$': '$$.Map.Item.Value.Key',
      'size.$': '$$.Map.Item.Value.Size',
      'eTag.$': '$$.Map.Item.Value.Etag',
    });
  });

  it('bounds concurrency, batches like the queue, tolerates a small share of failures', () => {
    const map = main.definition.States.AnalyzeObjects;
    expect(map.MaxConcurrency).toBe(BACKFILL_MAX_CONCURRENCY);
    expect(BACKFILL_MAX_CONCURRENCY).toBeGreaterThan(0);
    expect(BACKFILL_MAX_CONCURRENCY).toBeLessThanOrEqual(10_000);
    expect(map.ItemBatcher).toEqual({
      MaxItemsPerBatch: BACKFILL_ITEMS_PER_BATCH,
      BatchInput: { bucket: `<${idOf(main, main.stack.inputBucket)}>`, suffixes: [] },
    });
    // Same worst case per invocation as the queue path, so the function timeout fits both.
    expect(BACKFILL_ITEMS_PER_BATCH).toBe(BATCH_SIZE);
    expect(map.ToleratedFailurePercentage).toBe(BACKFILL_TOLERATED_FAILURE_PERCENTAGE);
    expect(map.ResultWriter).toEqual({
      Resource: 'arn:<AWS::Partition>:states:::s3:putObject',
      Parameters: { Bucket: `<${idOf(main, main.stack.outputBucket)}>`, Prefix: BACKFILL_RESULTS_PREFIX },
    });
    expect(main.definition.TimeoutSeconds).toBeGreaterThan(0);
  });

  it('invokes the event path analyze function itself (no second copy), retrying partial batches and throttling', () => {
    const states = main.definition.States.AnalyzeObjects.ItemProcessor.States;
    expect(Object.keys(states)).toEqual(['AnalyzeBatch']);
    const task = states.AnalyzeBatch;
    expect(task.Type).toBe('Task');
    expect(task.Resource).toBe(`<${idOf(main, main.stack.analyzer.function)}.Arn>`);
    // Exactly one function carries the analysis (the CDK's notifications handler aside).
    const functions = Object.values(main.resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Environment?.Variables?.OUTPUT_BUCKET,
    );
    expect(functions).toHaveLength(1);
    const retried = task.Retry.flatMap((r: any) => r.ErrorEquals);
    for (const error of [...BACKFILL_RETRIED_ERRORS.batch, ...BACKFILL_RETRIED_ERRORS.throttled])
      expect(retried).toContain(error);
    for (const retry of task.Retry) expect(retry.MaxAttempts).toBeGreaterThan(0);
  });

  it('logs ALL events (without execution data) to its own retained log group', () => {
    const machine = Object.values(main.resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.LoggingConfiguration).toEqual({
      Destinations: [
        {
          CloudWatchLogsLogGroup: {
            LogGroupArn: { 'Fn::GetAtt': [idOf(main, main.stack.backfill.logGroup), 'Arn'] },
          },
        },
      ],
      IncludeExecutionData: false,
      Level: 'ALL',
    });
    expect(main.resources[idOf(main, main.stack.backfill.logGroup)].DeletionPolicy).toBe('Retain');
  });

  it('names the state machine in the stack outputs', () => {
    const outputs = main.template.findOutputs('BackfillStateMachineArn');
    expect(outputs.BackfillStateMachineArn.Value).toEqual({
      Ref: idOf(main, main.stack.backfill.stateMachine),
    });
  });
});

describe('backfill IAM', () => {
  /** Every (action, resource) the state machine role may use. */
  function grants(s: Synthesized) {
    const role = idOf(s, s.stack.backfill.stateMachine.role as never);
    return Object.values(s.resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as any[])
      .flatMap((st) =>
        asArray(st.Action).flatMap((action: string) =>
          asArray(st.Resource).map((resource) => ({ action, resource: JSON.stringify(resource) })),
        ),
      );
  }

  it('may list the input bucket, invoke only the analyze function and start only its own executions', () => {
    const all = grants(main);
    const input = idOf(main, main.stack.inputBucket);
    const output = idOf(main, main.stack.outputBucket);
    const machine = idOf(main, main.stack.backfill.stateMachine);
    const fn = idOf(main, main.stack.analyzer.function);
    // The ItemReader: ListBucket on the input bucket, and no object access there at all.
    expect(all.filter((g) => g.resource.includes(input))).toEqual([
      { action: 's3:ListBucket', resource: JSON.stringify({ 'Fn::GetAtt': [input, 'Arn'] }) },
    ]);
    expect(all.filter((g) => g.action === 'states:StartExecution')).toEqual([
      { action: 'states:StartExecution', resource: JSON.stringify({ Ref: machine }) },
    ]);
    const invoke = all.filter((g) => g.action.startsWith('lambda:'));
    expect(new Set(invoke.map((g) => g.action))).toEqual(new Set(['lambda:InvokeFunction']));
    for (const g of invoke) expect(g.resource).toContain(fn);
    // Result writer: the output bucket only.
    for (const g of all.filter((g) => g.action.startsWith('s3:') && g.action !== 's3:ListBucket'))
      expect(g.resource).toContain(output);
    // Nothing else beyond log delivery and the map's own execution bookkeeping.
    const families = new Set(all.map((g) => g.action.split(':')[0]));
    expect(families).toEqual(new Set(['s3', 'lambda', 'logs', 'states']));
    for (const g of all) expect(g.action).not.toContain('*');
  });

  it('lets nobody else start it: no other role has states:StartExecution', () => {
    const role = idOf(main, main.stack.backfill.stateMachine.role as never);
    const others = Object.values(main.resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && !r.Properties.Roles.some((x: any) => x.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as any[])
      .filter((st) => asArray(st.Action).some((a: string) => a.startsWith('states:')));
    expect(others).toEqual([]);
  });

  it('follows the notification prefix and suffixes, a configured concurrency and the name prefix', () => {
    const s = synth({
      notificationPrefix: 'articles/',
      notificationSuffixes: '.md,.txt',
      backfillMaxConcurrency: 200,
      namePrefix: 'team-a',
    });
    const map = s.definition.States.AnalyzeObjects;
    expect(s.definition.States.DefaultPrefix.Result).toEqual({ prefix: 'articles/' });
    expect(map.MaxConcurrency).toBe(200);
    expect(map.ItemBatcher.BatchInput.suffixes).toEqual(['.md', '.txt']);
    s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'team-a-backfill',
    });
  });

  it('rejects a concurrency Distributed Map does not allow', () => {
    expect(() => synth({ backfillMaxConcurrency: 20_000 })).toThrow(/backfill/i);
  });
});

describe('backfill batch -> event path handler', () => {
  const context = { getRemainingTimeInMillis: () => 900_000 } as unknown as Context;
  const batch = {
    Items: [
      { key: 'news/a b+c.md', size: 10, eTag: '"0123abcd"' },
      { key: 'news/picture.png', size: 5, eTag: '"ff"' },
      { key: 'news/é.txt', size: 7, eTag: 'beef' },
    ],
    BatchInput: { bucket: 'in-bucket', suffixes: ['.md', '.txt'] },
  };

  it('recognises batches and not SQS events', () => {
    expect(isBackfillBatch(batch)).toBe(true);
    expect(isBackfillBatch({ Records: [] })).toBe(false);
    expect(isBackfillBatch(null)).toBe(false);
  });

  it('hands the handler the SQS-wrapped S3 events the queue would (keys round-trip, eTags bare), suffix-filtered', async () => {
    let seen: SQSEvent | undefined;
    const run = createBackfillHandler(async (event) => {
      seen = event;
      return { batchItemFailures: [] };
    });
    expect(await run(batch, context)).toEqual({ objects: 2, filteredOut: 1 });
    const parsed = seen!.Records.map((r) => parseMessage(r.body));
    expect(parsed).toEqual([
      {
        kind: 'objects',
        objects: [
          expect.objectContaining({ bucket: 'in-bucket', key: 'news/a b+c.md', eTag: '0123abcd', size: 10 }),
        ],
      },
      { kind: 'objects', objects: [expect.objectContaining({ key: 'news/é.txt', eTag: 'beef' })] },
    ]);
    expect(backfillObjects({ ...batch, BatchInput: { bucket: 'b' } }).objects).toHaveLength(3);
  });

  it('throws BackfillBatchError naming the unfinished keys, so the state machine retries the batch', async () => {
    const run = createBackfillHandler(async (event) => ({
      batchItemFailures: [{ itemIdentifier: event.Records[1].messageId }],
    }));
    const error = await run(batch, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfillBatchError);
    expect((error as BackfillBatchError).name).toBe(BACKFILL_RETRIED_ERRORS.batch[0]);
    expect((error as BackfillBatchError).keys).toEqual(['news/é.txt']);
  });
});
