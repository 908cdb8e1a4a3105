/**
 * Where CLI commands send their requests: one resolution for every command, local or AWS.
 *
 * Precedence, first match wins:
 * 1. `--endpoint URL` / `TEXTLENS_ENDPOINT`: any S3-compatible endpoint (dummy credentials).
 * 2. `--stack NAME` / `TEXTLENS_STACK`: a deployed stack's outputs (CloudFormation
 *    DescribeStacks, default credential chain and region).
 * 3. A running `textlens serve` (its `.textlens/local-server.json`), else a local server answering
 *    on http://127.0.0.1:4566, with the local bucket names.
 * 4. AWS with the default credential chain; then the buckets must be named.
 * `--input-bucket`/`--output-bucket` (or `TEXTLENS_INPUT_BUCKET`/`TEXTLENS_OUTPUT_BUCKET`)
 * override the bucket names in every case.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Command, Option } from 'commander';
import { LOCAL_NAMES } from '../../infra/settings.ts';
import { createS3Client } from '../local/clients.ts';
import { readLocalServerState } from '../local/state-file.ts';
import { LOCAL_REGION } from '../local/wiring.ts';
import { CliError } from './errors.ts';

/** Default port of `textlens serve`, and where a running local server is looked for. */
export const DEFAULT_LOCAL_PORT = 4566;

/**
 * Output keys of the CDK stack (`infra/textlens-stack.ts`, CfnOutput ids); a test checks the
 * synthesized template has them.
 */
export const STACK_OUTPUT_KEYS = {
  inputBucket: 'InputBucketName',
  outputBucket: 'OutputBucketName',
  queueUrl: 'QueueUrl',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
} as const;

/** Environment variables the CLI reads. */
export const TARGET_ENV = {
  endpoint: 'TEXTLENS_ENDPOINT',
  stack: 'TEXTLENS_STACK',
  inputBucket: 'TEXTLENS_INPUT_BUCKET',
  outputBucket: 'TEXTLENS_OUTPUT_BUCKET',
  region: 'TEXTLENS_REGION',
} as const;

/** Options every command that talks to S3 accepts. */
export interface TargetOptions {
  endpoint?: string;
  stack?: string;
  inputBucket?: string;
  outputBucket?: string;
  region?: string;
}

/** A resolved target. */
export interface Target {
  /** S3-compatible endpoint; `undefined` for AWS. */
  endpoint?: string;
  region?: string;
  inputBucket: string;
  outputBucket: string;
  /** Work queue, when known (local server state or stack outputs). */
  queueUrl?: string;
  /** How it was found, for messages: "local server (npm start)", "stack TextlensStack", ... */
  source: string;
}

/** Adds the target options to a command. */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--endpoint <url>', 'S3-compatible endpoint, e.g. http://127.0.0.1:4566').env(
        TARGET_ENV.endpoint,
      ),
    )
    .addOption(
      new Option('--stack <name>', 'read buckets from a deployed CloudFormation stack').env(TARGET_ENV.stack),
    )
    .addOption(new Option('--input-bucket <name>', 'bucket holding the uploads').env(TARGET_ENV.inputBucket))
    .addOption(
      new Option('--output-bucket <name>', 'bucket holding the reports').env(TARGET_ENV.outputBucket),
    )
    .addOption(new Option('--region <region>', 'AWS region').env(TARGET_ENV.region));
}

/** Finds the target (see the module comment for the order). */
export async function resolveTarget(
  options: TargetOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Target> {
  const override = (target: Omit<Target, 'inputBucket' | 'outputBucket'> & Partial<Target>): Target => {
    const inputBucket = options.inputBucket ?? target.inputBucket;
    const outputBucket = options.outputBucket ?? target.outputBucket;
    if (!inputBucket || !outputBucket) {
      throw new CliError(
        `no ${!inputBucket ? 'input' : 'output'} bucket for ${target.source}: pass --input-bucket and --output-bucket, use --stack NAME, or start the local pipeline with "npm start"`,
      );
    }
    return { ...target, inputBucket, outputBucket };
  };

  if (options.endpoint) {
    const endpoint = checkEndpoint(options.endpoint);
    const local = readLocalServerState(env);
    const sameAsLocal = local?.endpoint === endpoint;
    return override({
      endpoint,
      region: options.region ?? LOCAL_REGION,
      source: `endpoint ${endpoint}`,
      inputBucket: sameAsLocal ? local.inputBucket : LOCAL_NAMES.inputBucket,
      outputBucket: sameAsLocal ? local.outputBucket : LOCAL_NAMES.outputBucket,
      queueUrl: sameAsLocal ? local.queueUrl : undefined,
    });
  }
  if (options.stack) return override(await fromStack(options.stack, options.region));

  const local = readLocalServerState(env);
  if (local && (await answers(local.endpoint))) {
    return override({
      endpoint: local.endpoint,
      region: local.region,
      inputBucket: local.inputBucket,
      outputBucket: local.outputBucket,
      queueUrl: local.queueUrl,
      source: `local server ${local.endpoint} (npm start, pid ${local.pid})`,
    });
  }
  const probe = `http://127.0.0.1:${DEFAULT_LOCAL_PORT}`;
  if (await answers(probe)) {
    return override({
      endpoint: probe,
      region: options.region ?? LOCAL_REGION,
      inputBucket: LOCAL_NAMES.inputBucket,
      outputBucket: LOCAL_NAMES.outputBucket,
      source: `local server ${probe}`,
    });
  }
  return override({
    region: options.region,
    source: 'AWS (default credential chain; no local server is running)',
  });
}

/** S3 client for a target. */
export function targetS3Client(target: Target): S3Client {
  return createS3Client({ endpoint: target.endpoint, region: target.region });
}

function checkEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--endpoint "${raw}" is not a URL; expected e.g. http://127.0.0.1:4566`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`--endpoint "${raw}" must start with http:// or https://`);
  }
  return url.origin;
}

/** True when a fauxqs-style local server answers its health check within a short time. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(500) });
    return response.ok;
  } catch {
    return false;
  }
}

async function fromStack(
  stackName: string,
  region: string | undefined,
): Promise<Omit<Target, 'inputBucket' | 'outputBucket'> & Partial<Target>> {
  const client = new CloudFormationClient(region ? { region } : {});
  try {
    const response = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = new Map((response.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    const inputBucket = outputs.get(STACK_OUTPUT_KEYS.inputBucket);
    const outputBucket = outputs.get(STACK_OUTPUT_KEYS.outputBucket);
    if (!inputBucket || !outputBucket) {
      throw new CliError(
        `stack ${stackName} has no ${STACK_OUTPUT_KEYS.inputBucket}/${STACK_OUTPUT_KEYS.outputBucket} outputs; is it a textlens stack, and fully deployed?`,
      );
    }
    return {
      region: region ?? (await client.config.region()),
      inputBucket,
      outputBucket,
      queueUrl: outputs.get(STACK_OUTPUT_KEYS.queueUrl),
      source: `stack ${stackName}`,
    };
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new CliError(`cannot read stack ${stackName}: ${message} (check AWS credentials and --region)`);
  } finally {
    client.destroy();
  }
}
