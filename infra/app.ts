/**
 * CDK app entry (`cdk.json` runs `npx tsx infra/app.ts`): one environment-agnostic
 * TextlensStack, checked by cdk-nag's AwsSolutions pack on every synth.
 *
 * Context values (`npx cdk deploy -c key=value`) select a copy and its props, so two copies can
 * be deployed side by side, e.g. `-c stackName=TextlensTeamB -c namePrefix=team-b`:
 * stackName, namePrefix, inputBucketName, outputBucketName, maxDocumentBytes, memorySize,
 * notificationPrefix, notificationSuffixes (comma-separated), removalPolicy (retain|destroy),
 * backfillMaxConcurrency, provisionedConcurrency.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TextlensStack, type TextlensStackProps } from './textlens-stack.ts';

/** Default stack id (and CloudFormation stack name). */
export const DEFAULT_STACK_NAME = 'TextlensStack';

/** Builds the app; exported so tests synthesize exactly what the CLI deploys. */
export function createApp(app: App = new App()): { app: App; stack: TextlensStack } {
  const context = (key: string): string | undefined => {
    const value = app.node.tryGetContext(key);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const stackName = context('stackName') ?? DEFAULT_STACK_NAME;
  const stack = new TextlensStack(app, stackName, {
    description: 'textlens: S3 upload -> SQS -> analyze Lambda -> JSON report in the output bucket',
    ...propsFromContext(context),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

function propsFromContext(context: (key: string) => string | undefined): TextlensStackProps {
  const number = (key: string): number | undefined => {
    const raw = context(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new Error(`context ${key}="${raw}" is not a positive integer`);
    return value;
  };
  const removal = context('removalPolicy');
  if (removal !== undefined && removal !== 'retain' && removal !== 'destroy') {
    throw new Error(`context removalPolicy="${removal}" must be "retain" or "destroy"`);
  }
  return {
    namePrefix: context('namePrefix'),
    inputBucketName: context('inputBucketName'),
    outputBucketName: context('outputBucketName'),
    maxDocumentBytes: number('maxDocumentBytes'),
    memorySize: number('memorySize'),
    notificationPrefix: context('notificationPrefix'),
    notificationSuffixes: context('notificationSuffixes')
      ?.split(',')
      .map((suffix) => suffix.trim())
      .filter(Boolean),
    removalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : undefined,
    backfillMaxConcurrency: number('backfillMaxConcurrency'),
    provisionedConcurrency: number('provisionedConcurrency'),
  };
}

// Run only as the CDK app entry point, not when a test imports createApp.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  createApp().app.synth();
}
