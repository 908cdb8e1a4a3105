// Cold-start probe, run by a fresh `node` (no tsx, no loader) like the Lambda runtime would:
// loads the CDK-built bundle, invokes its handler with a first event (cold: model load and first
// analysis) and a second one (warm), and prints the timings as one JSON line.
// argv: <bundle file> <events JSON file: [firstEvent, warmEvent]>
const bootstrapMs = performance.now();
// CPU time of this process (all its threads: V8's compiler and GC threads too), in ms. On a shared
// machine it varies much less than the wall-clock times.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const { readFileSync } = require('node:fs');
const [bundle, eventsFile] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const context = (id) => ({
  awsRequestId: id,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 300_000,
});
(async () => {
  const cpuStarted = cpuMs();
  const loadStarted = performance.now();
  const { handler } = require(bundle);
  const loaded = performance.now();
  const cpuLoaded = cpuMs();
  const first = await handler(events[0], context('cold'));
  const firstDone = performance.now();
  const cpuFirstDone = cpuMs();
  const warm = await handler(events[1], context('warm'));
  const warmDone = performance.now();
  process.stdout.write(
    `\nBENCH ${JSON.stringify({
      bootstrapMs,
      moduleLoadMs: loaded - loadStarted,
      firstEventMs: firstDone - loaded,
      warmEventMs: warmDone - firstDone,
      moduleLoadCpuMs: cpuLoaded - cpuStarted,
      firstEventCpuMs: cpuFirstDone - cpuLoaded,
      failures: first.batchItemFailures.length + warm.batchItemFailures.length,
    })}\n`,
  );
})().catch((error) => {
  process.stdout.write(`\nBENCH ${JSON.stringify({ error: String(error?.stack ?? error) })}\n`);
  process.exitCode = 1;
});
