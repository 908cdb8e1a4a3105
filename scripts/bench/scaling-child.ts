/**
 * One scaling measurement in a fresh process (run by scaling.ts): streams an article of argv[2]
 * bytes (the corpus repeated, generated chunk by chunk so the input is never whole in memory,
 * as an S3 object is not in Lambda) through `analyzeStream`, the handler's path: paragraphs
 * of a report over the split size go to a sink (here one that counts and drops them, as an
 * upload would), the summary is serialised; between blocks the handler's collector runs (when
 * the process has `--expose-gc`, as the function does). Prints time and peak RSS as one JSON line.
 */
import { blockCollector } from '../../functions/analyze/heap.ts';
import { analyzeStream, type ParagraphSink } from '../../functions/lib/analyze.ts';
import { peakRssBytes } from '../lib/process-memory.ts';
import { baseArticles } from './corpus.ts';

const bytes = Number(process.argv[2]);
const CHUNK = 1024 * 1024;

/** The corpus articles, repeated, as UTF-8 chunks of at most 1 MiB, `total` bytes in all. */
function* articleChunks(total: number): Generator<Uint8Array> {
  const unit = new TextEncoder().encode(`${baseArticles().articles.join('\n\n')}\n\n`);
  let sent = 0;
  let at = 0;
  while (sent < total) {
    const size = Math.min(CHUNK, total - sent, unit.length - at);
    yield unit.subarray(at, at + size);
    sent += size;
    at = (at + size) % unit.length;
  }
}

let sinkBytes = 0;
const sink: ParagraphSink = {
  key: 'scaling.txt.paragraphs.jsonl',
  write: async (line) => {
    sinkBytes += line.length;
  },
  close: async () => {},
};

const rssBeforeBytes = peakRssBytes();
const started = performance.now();
const report = await analyzeStream(
  articleChunks(bytes),
  { key: 'scaling.txt' },
  {
    openSink: () => sink,
    afterBlock: blockCollector(),
  },
);
const json = JSON.stringify(report);
const ms = performance.now() - started;
process.stdout.write(
  `BENCH ${JSON.stringify({
    bytes,
    ms,
    tokens: report.stats.tokens,
    reportBytes: json.length + sinkBytes,
    maxRssBytes: peakRssBytes(),
    rssBeforeBytes,
  })}\n`,
);
