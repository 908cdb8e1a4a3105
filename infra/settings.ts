/**
 * The one place for settings shared by the CDK stack (`infra/textlens-stack.ts`), the Lambda
 * handler (`functions/analyze/`) and the local runner (`npm start`). Anything that must agree
 * between "what AWS is configured to do" and "what the local pipeline imitates" lives here, so
 * the two can never drift apart.
 *
 * This module must stay free of `aws-cdk-lib` imports: the handler bundle and the local runner
 * import it, and neither should pull the CDK in.
 *
 * Memory and timeout were chosen from measurement (`scripts/measure-analyze.ts`, run on the
 * esbuild bundle of the core, as Lambda runs it; one core of an AMD EPYC, Node 20; V8 heap capped
 * as Lambda caps it for the memory size). Details and the cost estimate are in docs/deploy.md:
 * - 1 MB of English news text (1.04 M characters, 5,670 paragraphs, 5.6 MB report): 1.4 s warm
 *   with the heap cap of a 1,769 MB function (2.1 s with a 1,024 MB one's: GC time);
 *   the first call in a process adds ~0.2-1 s of model loading (cold start). Peak RSS 310-410 MB.
 * - 10 MB (58 MB report): 15 s, peak RSS 1,007 MB, when the whole object was analysed at once.
 *   Streamed in blocks since report v3 (docs/large-articles.md): 10 MB 31 s and 50 MB (the
 *   default limit) 86 s on a busy core, peak RSS 576 and 622 MB.
 * - A 5 KB article: ~15-20 ms of analysis.
 * Lambda gives a full vCPU at 1,769 MB and less in proportion below it; the analysis is
 * single-threaded and CPU-bound, so below 1,769 MB a document costs about the same GB-seconds at
 * any size (half the memory, twice the time), while above it memory is paid for and unused.
 * 1,769 MB also leaves 2.8x head-room over the 622 MB peak of a document at the 50 MB limit.
 */

/** Default bucket and queue names of the *local* pipeline (`npm start`, `textlens invoke`). */
export const LOCAL_NAMES = {
  inputBucket: 'textlens-input',
  outputBucket: 'textlens-output',
  queue: 'textlens-events',
  deadLetterQueue: 'textlens-events-dlq',
} as const;

/**
 * Largest object the function analyses by default, in bytes (50 MiB; stack prop / context
 * `maxDocumentBytes`, env `MAX_DOCUMENT_BYTES`). Bigger objects get a `DOCUMENT_TOO_LARGE`
 * error report, decided from HeadObject before any download. Objects are analysed as a stream
 * in blocks (functions/lib/document-analyzer.ts), so memory does not grow with this limit; time
 * does (about 2 s per MB on one vCPU: see docs/large-articles.md), within the function timeout.
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** Lambda memory (MB): exactly one vCPU. Why: see the module comment. */
export const DEFAULT_MEMORY_MB = 1769;

/**
 * Records per Lambda invocation. Small, because records are analysed one after another (the
 * work is CPU-bound; concurrency inside one invocation would not make it faster) and a timeout
 * re-delivers every record of the batch that had not finished: small batches bound that waste.
 */
export const BATCH_SIZE = 5;

/**
 * How long the event source may wait to fill a batch (seconds). 0: invoke as soon as messages
 * are there. Uploads usually come one at a time and a report should follow within a fraction of
 * a second (a 2 s window made every lone upload wait 2 s); bursts still arrive in batches of up
 * to {@link BATCH_SIZE}, because a receive returns whatever is already queued.
 */
export const MAX_BATCHING_WINDOW_SECONDS = 0;

/**
 * Upper bound of concurrent invocations the SQS event source starts (2..1000). Caps cost and
 * keeps a backfill from taking all of the account's Lambda concurrency.
 */
export const MAX_CONCURRENCY = 20;

/**
 * Backfill (Step Functions Distributed Map, `infra/constructs/backfill.ts`): child executions
 * running at once, each invoking the analyze function with one batch at a time, so also the
 * backfill's share of Lambda concurrency. Added to the event path's {@link MAX_CONCURRENCY}, it
 * stays far below the default account limit of 1,000 concurrent executions, and 50 x 5 small
 * articles a second (~250/s) reanalyses a million objects in about an hour. Distributed Map
 * allows up to 10,000; raise it with the account's Lambda concurrency (docs/reprocessing.md).
 */
export const BACKFILL_MAX_CONCURRENCY = 50;

/**
 * Objects per child execution (one Lambda invocation). Same as the queue's {@link BATCH_SIZE}, so
 * the function's worst case (and timeout reasoning) is the same on both paths, and each child's
 * state transitions are shared by 5 objects (the cost of a backfill is mostly transitions).
 */
export const BACKFILL_ITEMS_PER_BATCH = BATCH_SIZE;

/**
 * Share of objects (percent) whose batch may still fail after its retries before the whole
 * backfill run fails. Unreadable inputs do not count (they get error reports, a success); what
 * fails is S3 or Lambda trouble, so more than 1% means something systematic worth stopping for.
 */
export const BACKFILL_TOLERATED_FAILURE_PERCENTAGE = 1;

/** Output-bucket prefix of the Distributed Map's run results (which batches failed, and why). */
export const BACKFILL_RESULTS_PREFIX = 'backfill-runs/';

/** Stops a runaway backfill; at ~250 objects/s a week covers ~150 million objects. */
export const BACKFILL_TIMEOUT_HOURS = 7 * 24;

/**
 * Function timeout (seconds). One record at the 50 MB limit took 86 s on a busy x86 core;
 * allowing Graviton to be up to 1.5x slower, ~130 s. 600 s lets a batch hold several such
 * records, and the handler does not start a record it may not finish ({@link RECORD_START_MARGIN_MS},
 * {@link RECORD_MS_PER_MB}), handing it back to SQS rather than being killed. Not longer, because the
 * visibility timeout (6x) is how long a message from a crashed invocation waits before its retry.
 */
export const FUNCTION_TIMEOUT_SECONDS = 600;

/**
 * Queue visibility timeout (seconds): AWS advises at least 6x the function timeout, so a message
 * is never visible again (and analysed twice) while an invocation, including the event source's
 * own retries of a throttled invoke, could still be working on it.
 */
export const VISIBILITY_TIMEOUT_SECONDS = 6 * FUNCTION_TIMEOUT_SECONDS;

/**
 * Receives before a message is moved to the dead-letter queue. 5 survives a few minutes of S3
 * throttling or a deploy, yet a poison message stops costing invocations after 5 attempts.
 */
export const MAX_RECEIVE_COUNT = 5;

/**
 * How long the work queue keeps a message (seconds): 7 days, so a week-long outage of the function
 * loses nothing. Shorter than the dead-letter queue's retention, because SQS counts a message's
 * age from its first enqueue even after it moves to the dead-letter queue.
 */
export const QUEUE_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/** How long the dead-letter queue keeps messages (seconds): the SQS maximum, 14 days. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Log retention of the function's log group, in days (a CloudWatch Logs allowed value). */
export const LOG_RETENTION_DAYS = 30;

/** Days server access logs are kept in the log bucket. */
export const ACCESS_LOG_RETENTION_DAYS = 90;

/**
 * The handler does not start a record when less than this, plus {@link RECORD_MS_PER_MB} for
 * each MB of the record's objects, is left before the timeout; the rest of the batch is reported
 * as failed and SQS redelivers it. 30 s covers S3 round trips and any small article.
 */
export const RECORD_START_MARGIN_MS = 30_000;

/**
 * Time reserved per MB of a record's objects before starting it: 86 s for 50 MB measured on a
 * busy x86 core (1.7 s/MB), allowing Graviton to be 1.5x slower and some slack, 3 s/MB. A
 * record at the 50 MB limit needs 30 + 150 s left to start.
 */
export const RECORD_MS_PER_MB = 3_000;

/**
 * esbuild options of the Lambda bundle, shared by the stack and the bundle test (which runs the
 * bundle). The Node.js runtime ships the AWS SDK v3 and its @smithy packages: bundling ours
 * would add ~1 MB and cold-start time.
 *
 * Measured with `npm run bench` (cold start = module load + first 5 KB event; docs/performance.md):
 * - `packedImports`: the models (5.8 MiB of JSON) ship brotli-compressed beside index.js and are
 *   inflated at init (infra/bundling/pack-json.ts): the asset went from 7.35 MiB (index.js 6.26 +
 *   source map 1.09) to 2.49 MiB (index.js 0.58 + json/ 1.91), zipped 2.52 -> 2.10 MiB.
 *   Compiling a 0.6 MB index.js instead of a 6.3 MB one saves a little more than inflating and
 *   `JSON.parse`-ing the models costs.
 * - No source maps: `NODE_OPTIONS=--enable-source-maps` made Node parse the 1.1 MB map at every
 *   cold start. `keepNames` keeps function and class names in stack traces of the minified code
 *   instead (+10 KB).
 * Both together, 15 alternating cold starts of the old and the new bundle (load 4-6): median
 * 777 -> 767 ms, CPU time 744 -> 700 ms, best 597 -> 536 ms. What the rest of the cold start is:
 * docs/performance.md.
 */
export const LAMBDA_BUNDLE = {
  // The runtime provides the SDK clients; @aws-sdk/lib-storage (multipart uploads of big
  // reports) is bundled so the function does not depend on which extras a runtime ships.
  externalModules: ['@aws-sdk/client-*', '@aws-sdk/core', '@aws-sdk/credential-provider-*', '@smithy/*'],
  /** Imports left out of index.js by esbuild and shipped compressed beside it (pack-json.ts). */
  packedImports: ['*.json'],
  minify: true,
  sourceMap: false,
  keepNames: true,
} as const;

/**
 * `NODE_OPTIONS` of the analyze function, on AWS and in the local Lambda environment.
 * `--expose-gc` lets the handler collect a large document's garbage between its blocks
 * (functions/analyze/heap.ts): a 10 MB article peaked at 500-540 MB RSS without it, 270 MB with
 * it. Nothing else calls `gc`.
 */
export const LAMBDA_NODE_OPTIONS = '--expose-gc';

/** S3 client timeouts used by the handler (and the local runner). */
export const S3_CLIENT_SETTINGS = {
  /** Time to establish a TCP/TLS connection. */
  connectionTimeoutMs: 3_000,
  /** Time without a response byte before a request is abandoned (and retried by the SDK). */
  requestTimeoutMs: 30_000,
  /** SDK attempts per call (standard retry mode, with backoff) before the record fails. */
  maxAttempts: 3,
} as const;

/**
 * Notification filters. None by default: every created object is analysed. A prefix narrows
 * analysis to part of the bucket; each suffix adds one notification rule (S3 rejects
 * overlapping rules, so suffixes must not be suffixes of one another).
 */
export const DEFAULT_NOTIFICATION_PREFIX: string | undefined = undefined;
export const DEFAULT_NOTIFICATION_SUFFIXES: readonly string[] = [];

/** Output key suffixes: `<input key>.json` for a report, `<input key>.error.json` for an error. */
export const REPORT_SUFFIX = '.json';
export const ERROR_REPORT_SUFFIX = '.error.json';
/** Suffix of the human-readable HTML view written beside every report: `<input key>.html`. */
export const HTML_VIEW_SUFFIX = '.html';
/**
 * Suffix of the JSON Lines paragraphs file written beside `<key>.json` when the report's
 * paragraphs would exceed `REPORT_SPLIT_BYTES` (10 MiB of JSON); the report names it.
 */
export const PARAGRAPHS_SUFFIX = '.paragraphs.jsonl';

/**
 * User metadata written on every report and error report (`x-amz-meta-*`), so the duplicate
 * check is a HeadObject instead of a download. Keys are lower-case: S3 lower-cases them anyway.
 */
export const REPORT_METADATA = {
  sourceETag: 'source-etag',
  analyzerVersion: 'analyzer-version',
} as const;

/** Names of the environment variables the handler reads (set by the stack, validated at start). */
export const ENV = {
  outputBucket: 'OUTPUT_BUCKET',
  maxDocumentBytes: 'MAX_DOCUMENT_BYTES',
  /** Read by Powertools itself. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

/** Powertools service name and CloudWatch metrics namespace. */
export const SERVICE_NAME = 'textlens';
export const METRICS_NAMESPACE = 'Textlens';

/** Default log level of the function. */
export const DEFAULT_LOG_LEVEL = 'INFO';

/** Metric names (EMF), shared so dashboards and tests use the same strings. */
export const METRIC = {
  documents: 'DocumentsAnalyzed',
  paragraphs: 'Paragraphs',
  bytes: 'BytesAnalyzed',
  errorReports: 'ErrorReports',
  failures: 'TransientFailures',
  skipped: 'RecordsSkipped',
} as const;
