/**
 * The analyze handler, built from injected dependencies so the Lambda (`handler.ts`), the local
 * runner and the tests all run exactly the same code against whatever S3 they are given.
 *
 * Outcomes per SQS record:
 * - analysed: `<key>.json` written (a stale `<key>.error.json` of an earlier version removed);
 *   afterwards the object is checked again, and re-handled if it was replaced meanwhile, so the
 *   last write always describes the current object;
 * - permanently bad input (binary, undecodable, too large): `<key>.error.json` written, done;
 * - nothing to do (S3 test event, folder marker, object already deleted, report already there
 *   for the same eTag and analyzer version): done, logged and counted;
 * - anything else (S3 5xx, throttling, timeouts, bugs, malformed messages): the record is
 *   returned in `batchItemFailures`, SQS redelivers it and, after the receive limit, moves it
 *   to the dead-letter queue (which has an alarm). Nothing is dropped silently.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  ERROR_REPORT_SUFFIX,
  HTML_VIEW_SUFFIX,
  METRIC,
  PARAGRAPHS_SUFFIX,
  RECORD_MS_PER_MB,
  RECORD_START_MARGIN_MS,
  REPORT_SUFFIX,
} from '../../infra/settings.ts';
import { analyzeStream, type ParagraphSink } from '../lib/analyze.ts';
import { buildErrorReport } from '../lib/error-report.ts';
import { DocumentTooLargeError, isPermanentError } from '../lib/errors.ts';
import { HTML_CONTENT_TYPE, renderReportHtml } from '../lib/html-view.ts';
import type { Report } from '../lib/types.ts';
import { ANALYZER_VERSION } from '../lib/version.ts';
import { type ObjectCreatedEvent, parseMessage } from './s3-event.ts';
import {
  deleteReport,
  headObject,
  headReport,
  type LineUpload,
  openLineUpload,
  openObjectStream,
  putReport,
  type ReportMetadata,
} from './s3-io.ts';

/** What the handler needs from its environment. */
export interface AnalyzeHandlerDeps {
  /** Client for both buckets (the input bucket comes from each event). */
  s3: S3Client;
  /** Bucket the reports go to; never the input bucket. */
  outputBucket: string;
  /** Objects bigger than this get a DOCUMENT_TOO_LARGE error report without being downloaded. */
  maxDocumentBytes: number;
  logger: Logger;
  /** EMF metrics; omit to emit none (tests, local runs that do not want them on stdout). */
  metrics?: Metrics;
  /**
   * Paragraph JSON above which the paragraphs go to `<key>.paragraphs.jsonl` (default
   * `REPORT_SPLIT_BYTES`, 10 MiB; tests lower it).
   */
  reportSplitBytes?: number;
  /** Called between the blocks of a large document (see `heap.ts` `blockCollector`). */
  afterBlock?: () => void;
  /**
   * Do not start a record with less than this left before the timeout (default
   * {@link RECORD_START_MARGIN_MS}); the rest of the batch is handed back to SQS.
   */
  recordStartMarginMs?: number;
}

/** The Lambda handler signature for an SQS event source with partial batch responses. */
export type AnalyzeHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** What happened to one uploaded object. */
export type ObjectOutcome = 'report' | 'error-report' | 'duplicate' | 'missing' | 'folder-marker';

/** Passes over one object before its record is failed because the object keeps changing. */
const MAX_CHANGED_WHILE_ANALYSED = 3;

/** Builds the handler. Call once per process (cold start) and reuse it for every invocation. */
export function createAnalyzeHandler(deps: AnalyzeHandlerDeps): AnalyzeHandler {
  const { logger, metrics } = deps;
  const margin = deps.recordStartMarginMs ?? RECORD_START_MARGIN_MS;
  const count = (name: string, value = 1) => metrics?.addMetric(name, MetricUnit.Count, value);

  async function handleRecord(record: SQSRecord): Promise<boolean> {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    const parsed = parseMessage(record.body);
    if (parsed.kind === 'invalid') {
      // Retrying cannot fix it, but failing it sends it to the dead-letter queue, where the
      // alarm makes a human look at it; deleting it would hide a misconfiguration.
      logger.error('message is not an S3 event notification', {
        messageId: record.messageId,
        problem: parsed.problem,
      });
      count(METRIC.failures);
      return false;
    }
    if (parsed.kind === 'test-event') {
      logger.info('S3 test event skipped', { messageId: record.messageId });
      count(METRIC.skipped);
      return true;
    }
    for (const object of parsed.objects) {
      const started = performance.now();
      const fields = { messageId: record.messageId, receiveCount, bucket: object.bucket, key: object.key };
      try {
        const outcome = await handleObject(object, fields);
        if (outcome !== 'report' && outcome !== 'error-report') count(METRIC.skipped);
      } catch (error) {
        logger.error('record failed; SQS will redeliver it', {
          ...fields,
          eTag: object.eTag,
          totalMs: elapsed(started),
          error: describeError(error),
        });
        count(METRIC.failures);
        return false;
      }
    }
    return true;
  }

  /** Removes the report of `key` with the files that exist only beside it (view, paragraphs). */
  async function removeReport(key: string): Promise<void> {
    for (const suffix of [REPORT_SUFFIX, HTML_VIEW_SUFFIX, PARAGRAPHS_SUFFIX]) {
      await deleteReport(deps.s3, deps.outputBucket, key + suffix);
    }
  }

  /**
   * Handles an object, then checks that it is still the version that was analysed. S3 keeps the
   * last write, so a slow analysis of an object replaced meanwhile could overwrite the newer
   * version's report (already written by that version's own event) with a stale one; when the
   * object changed, it is handled again as its current version, until what was written matches.
   */
  async function handleObject(
    object: ObjectCreatedEvent,
    fields: Record<string, unknown>,
  ): Promise<ObjectOutcome> {
    for (let attempt = 1; ; attempt++) {
      const { outcome, wroteFor } = await handleObjectOnce(object, fields);
      if (wroteFor === undefined) return outcome;
      const now = await headObject(deps.s3, object.bucket, object.key);
      if (now === undefined || now.eTag === wroteFor) return outcome;
      if (attempt >= MAX_CHANGED_WHILE_ANALYSED) {
        throw new Error(`the object changed ${attempt} times while it was being analysed`);
      }
      logger.warn('object changed while it was analysed; analysing its current version', {
        ...fields,
        eTag: wroteFor,
        currentETag: now.eTag,
      });
    }
  }

  /** One pass over an object; `wroteFor` is the eTag of the version written for, if anything was. */
  async function handleObjectOnce(
    object: ObjectCreatedEvent,
    fields: Record<string, unknown>,
  ): Promise<{ outcome: ObjectOutcome; wroteFor?: string }> {
    const started = performance.now();
    const { bucket, key } = object;
    if (key.endsWith('/') && object.size === 0) {
      logger.info('folder marker skipped', fields);
      return { outcome: 'folder-marker' };
    }

    const head = await headObject(deps.s3, bucket, key);
    if (!head) {
      // S3 reads are strongly consistent: 404 means the object was deleted after the upload.
      logger.warn('object no longer exists; nothing to analyse', fields);
      return { outcome: 'missing' };
    }
    const logFields = {
      ...fields,
      eTag: head.eTag,
      versionId: head.versionId,
      size: head.size,
      // The object was overwritten after this event; its own event will find the report current.
      ...(object.eTag && object.eTag !== head.eTag && { eventETag: object.eTag }),
    };

    const reportKey = key + REPORT_SUFFIX;
    const errorKey = key + ERROR_REPORT_SUFFIX;
    const [existingReport, existingError] = await Promise.all([
      headReport(deps.s3, deps.outputBucket, reportKey),
      headReport(deps.s3, deps.outputBucket, errorKey),
    ]);
    const isCurrent = (meta: ReportMetadata | undefined) =>
      meta !== undefined && meta.sourceETag === head.eTag && meta.analyzerVersion === ANALYZER_VERSION;
    if (isCurrent(existingReport) || isCurrent(existingError)) {
      // A stale one of the other kind (left by a racing write for an older version) goes.
      const stale = isCurrent(existingReport) ? existingError && errorKey : existingReport && reportKey;
      if (stale === reportKey) await removeReport(key);
      else if (stale) await deleteReport(deps.s3, deps.outputBucket, stale);
      logger.info('report already exists for this eTag and analyzer version; skipped', {
        ...logFields,
        ...(stale && { removed: stale }),
        totalMs: elapsed(started),
      });
      return { outcome: 'duplicate', ...(stale && { wroteFor: head.eTag }) };
    }
    const metadata: ReportMetadata = { sourceETag: head.eTag, analyzerVersion: ANALYZER_VERSION };
    const headMs = elapsed(started);

    try {
      if (head.size > deps.maxDocumentBytes)
        throw new DocumentTooLargeError(head.size, deps.maxDocumentBytes, key);
      const analyzeStarted = performance.now();
      const chunks = await openObjectStream(deps.s3, bucket, key, {
        eTag: head.eTag,
        maxBytes: deps.maxDocumentBytes,
      });
      // Paragraphs of a very large report stream to S3 while the object is still being read.
      let lines: LineUpload | undefined;
      const paragraphsKey = key + PARAGRAPHS_SUFFIX;
      const openSink = (): ParagraphSink => {
        const upload = openLineUpload(deps.s3, deps.outputBucket, paragraphsKey, metadata);
        lines = upload;
        return { key: paragraphsKey, write: upload.write, close: upload.close };
      };
      let report: Report;
      try {
        report = await analyzeStream(
          chunks,
          { key, bucket, eTag: head.eTag, contentType: head.contentType },
          { openSink, splitBytes: deps.reportSplitBytes, afterBlock: deps.afterBlock },
        );
      } catch (error) {
        await lines?.abort();
        throw error;
      }
      const json = JSON.stringify(report);
      const analyzeMs = elapsed(analyzeStarted);

      const uploadStarted = performance.now();
      // The HTML view first: once `<key>.json` exists (what waiters look for), its view does too.
      try {
        const html = renderReportHtml(report);
        await putReport(
          deps.s3,
          deps.outputBucket,
          key + HTML_VIEW_SUFFIX,
          html,
          metadata,
          HTML_CONTENT_TYPE,
        );
        await putReport(deps.s3, deps.outputBucket, reportKey, json, metadata);
      } catch (error) {
        // Without its report, a view or paragraphs file would be a stray: remove them (best
        // effort; the record is retried either way).
        await Promise.allSettled([
          deleteReport(deps.s3, deps.outputBucket, key + HTML_VIEW_SUFFIX),
          ...(report.paragraphsFile ? [deleteReport(deps.s3, deps.outputBucket, paragraphsKey)] : []),
        ]);
        throw error;
      }
      // Exactly one of report / error report per key: the new report supersedes an old error,
      // and a paragraphs file of an earlier, larger version of the object goes.
      if (existingError) await deleteReport(deps.s3, deps.outputBucket, errorKey);
      if (existingReport && !report.paragraphsFile)
        await deleteReport(deps.s3, deps.outputBucket, paragraphsKey);
      const uploadMs = elapsed(uploadStarted);

      count(METRIC.documents);
      count(METRIC.paragraphs, report.stats.paragraphs);
      metrics?.addMetric(METRIC.bytes, MetricUnit.Bytes, report.source.size);
      logger.info('report written', {
        ...logFields,
        reportKey,
        paragraphs: report.stats.paragraphs,
        characters: report.stats.characters,
        reportBytes: json.length,
        ...(report.paragraphsFile && { paragraphsKey, paragraphsBytes: report.paragraphsFile.bytes }),
        headMs,
        analyzeMs,
        uploadMs,
        totalMs: elapsed(started),
      });
      return { outcome: 'report', wroteFor: head.eTag };
    } catch (error) {
      if (!isPermanentError(error)) throw error;
      const errorReport = buildErrorReport({ key, bucket, eTag: head.eTag, size: head.size }, error);
      await putReport(deps.s3, deps.outputBucket, errorKey, JSON.stringify(errorReport), metadata);
      if (existingReport) await removeReport(key);
      count(METRIC.errorReports);
      logger.warn('input cannot be analysed; error report written', {
        ...logFields,
        reportKey: errorKey,
        code: error.code,
        totalMs: elapsed(started),
      });
      return { outcome: 'error-report', wroteFor: head.eTag };
    }
  }

  return async (event, context) => {
    logger.addContext(context);
    const failures: SQSBatchItemFailure[] = [];
    const records = inHandlingOrder(event.Records ?? []);
    if (records !== event.Records && records.length > 1) {
      logger.info('redelivered batch handled last record first', { records: records.length });
    }
    try {
      for (const [index, record] of records.entries()) {
        const remaining = context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
        // A large object needs time in proportion to its size (docs/large-articles.md).
        if (remaining < margin + (RECORD_MS_PER_MB * recordBytes(record)) / (1024 * 1024)) {
          const rest = records.slice(index);
          logger.warn('too little time left; handing the rest of the batch back to SQS', {
            remainingMs: remaining,
            records: rest.length,
          });
          failures.push(...rest.map((r) => ({ itemIdentifier: r.messageId })));
          break;
        }
        if (!(await handleRecord(record))) failures.push({ itemIdentifier: record.messageId });
      }
    } finally {
      if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
    return { batchItemFailures: failures };
  };
}

/**
 * The order to handle a batch in. A record whose analysis kills the process (out of memory)
 * takes its whole batch back to the queue, and the records behind it would never get their turn
 * if every delivery went front to back. Deliveries alternate instead: an even receive count
 * (the batch, or part of it, was delivered before) goes back to front, so the records behind a
 * crashing one are analysed on the next delivery. Order does not matter otherwise: each record
 * analyses the object's current version and skips work already done.
 */
export function inHandlingOrder(records: SQSRecord[]): SQSRecord[] {
  let receives = 1;
  for (const record of records) {
    receives = Math.max(receives, Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1);
  }
  return receives % 2 === 0 ? [...records].reverse() : records;
}

/** Total size of the objects a record announces (0 for test events and unreadable messages). */
function recordBytes(record: SQSRecord): number {
  const parsed = parseMessage(record.body);
  return parsed.kind === 'objects' ? parsed.objects.reduce((sum, o) => sum + (o.size ?? 0), 0) : 0;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

/** Name, message and HTTP status of an error, for logs (no stack for expected S3 failures). */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return {
    name: error.name,
    message: error.message,
    ...(status !== undefined && { httpStatusCode: status }),
    ...(status === undefined && { stack: error.stack }),
  };
}
