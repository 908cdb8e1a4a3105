/**
 * The analysis pipeline: decode -> extract -> segment -> entities -> sentiment -> report.
 *
 * Pure: no AWS SDK, no environment, no file system, no clock. The Lambda handler, the CLI and
 * the tests all call {@link analyze} (whole documents in memory) or {@link analyzeStream}
 * (chunks, with the paragraphs of very large reports written to a JSON Lines sink). The same
 * bytes and input always give the same report.
 */
import { analyzeText } from './analyze-text.ts';
import { decode } from './decode.ts';
import { DocumentAnalyzer, type DocumentOptions, type ReportSummary } from './document-analyzer.ts';
import { extract } from './extract.ts';
import { detectFormat } from './format.ts';
import type {
  AnalyzeInput,
  DocumentFormat,
  ParagraphReport,
  ParagraphsFile,
  Report,
  TextEncoding,
} from './types.ts';

export { NO_TEXT_WARNING } from './document-analyzer.ts';

/** A report with its paragraphs inline (what {@link analyze} returns). */
export type FullReport = Report & { paragraphs: ParagraphReport[] };

/** Extracted text and the facts found on the way, before NLP. */
export interface PreparedText {
  text: string;
  format: DocumentFormat;
  encoding: TextEncoding;
  title?: string;
  warnings: string[];
}

/** Decodes and extracts a whole document (the first two stages; for tests and benchmarks). */
export function prepare(bytes: Uint8Array, input: AnalyzeInput = {}): PreparedText {
  const decoded = decode(bytes, input.key);
  const format = input.format ?? detectFormat(input.contentType, input.key, decoded.text);
  const extracted = extract(decoded.text, format);
  return {
    text: extracted.text,
    format,
    encoding: decoded.encoding,
    title: extracted.title,
    warnings: decoded.warnings,
  };
}

/** The NLP stages on prepared text, without the report around them (for benchmarks). */
export function analyzePrepared(prepared: PreparedText) {
  return analyzeText(prepared.text, { title: prepared.title, format: prepared.format });
}

/**
 * Puts the paragraphs (or the pointer to their file) into a summary, in the report's key order.
 */
export function composeReport(
  summary: ReportSummary,
  paragraphs: { paragraphs: ParagraphReport[] } | { paragraphsFile: ParagraphsFile },
): Report {
  const { keyPhrases, sentimentArc, warnings, ...head } = summary;
  return {
    ...head,
    ...paragraphs,
    keyPhrases,
    sentimentArc,
    ...(warnings && { warnings }),
  };
}

/**
 * Analyses one document held in memory.
 *
 * @param bytes the raw object content
 * @param input what is known about it (key and content type steer format detection)
 * @param options block and paragraph sizes (tests and benchmarks; the defaults are the product's)
 * @returns the report (contract v3, see `schema/report.schema.json` and docs/report-schema.md)
 * @throws TextlensError subclasses for input that can never be analysed (binary, bad encoding)
 */
export function analyze(bytes: Uint8Array, input: AnalyzeInput = {}, options?: DocumentOptions): FullReport {
  const analyzer = new DocumentAnalyzer(input, options);
  analyzer.write(bytes);
  const paragraphs = analyzer.takeParagraphs();
  const summary = analyzer.end();
  paragraphs.push(...analyzer.takeParagraphs());
  return composeReport(summary, { paragraphs }) as FullReport;
}

/** Where the paragraphs of a report too large for one JSON document are written. */
export interface ParagraphSink {
  /** The `paragraphsFile.key` the report will point to. */
  key: string;
  /** Writes one line (the caller adds nothing: `line` ends with "\n"). Awaited: backpressure. */
  write(line: string): Promise<void>;
  /** Called once after the last line. */
  close(): Promise<void>;
}

/** Options of {@link analyzeStream}. */
export interface StreamOptions extends DocumentOptions {
  /**
   * When the paragraphs' JSON would exceed this many bytes, they go to `openSink()` as JSON
   * Lines and the report points to them (default {@link REPORT_SPLIT_BYTES}).
   */
  splitBytes?: number;
  /** Opens the JSON Lines sink, once, when the report turns out too large. Without it, never split. */
  openSink?: () => ParagraphSink | Promise<ParagraphSink>;
}

/** Paragraph JSON above which a report's paragraphs go to a JSON Lines file (10 MiB). */
export const REPORT_SPLIT_BYTES = 10 * 1024 * 1024;

/**
 * Analyses a document read as a stream of chunks, in memory bounded by the block size (see
 * `document-analyzer.ts`) plus the paragraphs held until the split threshold.
 *
 * @returns the report: with `paragraphs` when their JSON stays under `splitBytes`, else with
 *   `paragraphsFile` (the sink then holds every paragraph, one JSON object per line)
 */
export async function analyzeStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  input: AnalyzeInput = {},
  options: StreamOptions = {},
): Promise<Report> {
  const splitBytes = options.splitBytes ?? REPORT_SPLIT_BYTES;
  const analyzer = new DocumentAnalyzer(input, options);
  let held: ParagraphReport[] = [];
  let heldBytes = 0;
  let sink: ParagraphSink | undefined;
  let lines = 0;
  let bytes = 0;
  const spill = async (paragraphs: ParagraphReport[]) => {
    for (const paragraph of paragraphs) {
      const line = `${JSON.stringify(paragraph)}\n`;
      lines++;
      bytes += Buffer.byteLength(line);
      await (sink as ParagraphSink).write(line);
    }
  };
  const drain = async () => {
    const done = analyzer.takeParagraphs();
    if (sink) return spill(done);
    for (const paragraph of done) held.push(paragraph);
    // Without a sink the report is never split: no need to measure.
    if (!options.openSink) return;
    for (const paragraph of done) heldBytes += JSON.stringify(paragraph).length + 1;
    if (heldBytes > splitBytes) {
      sink = await options.openSink();
      const spilled = held;
      held = [];
      await spill(spilled);
    }
  };
  for await (const chunk of chunks) {
    analyzer.write(chunk);
    await drain();
  }
  const summary = analyzer.end();
  await drain();
  if (!sink) return composeReport(summary, { paragraphs: held });
  await sink.close();
  return composeReport(summary, { paragraphsFile: { key: sink.key, format: 'jsonl', lines, bytes } });
}
