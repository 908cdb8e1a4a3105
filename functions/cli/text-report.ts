/** Readable terminal summary of a report: document sentiment, top entities, paragraph moods. */
import type { Report } from '../lib/types.ts';

const BAR_WIDTH = 10;

function bar(comparative: number): string {
  const filled = Math.min(BAR_WIDTH, Math.round(Math.abs(comparative) * BAR_WIDTH * 2));
  const mark = comparative > 0 ? '+' : comparative < 0 ? '-' : ' ';
  return `[${mark.repeat(filled).padEnd(BAR_WIDTH)}]`;
}

function excerpt(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** Renders a report as plain text for a terminal. */
export function formatReportText(report: Report): string {
  const lines: string[] = [];
  const name = report.source.key ?? '(stdin)';
  lines.push(`${name}${report.title ? ` — ${report.title}` : ''}`);
  const { stats, sentiment } = report;
  lines.push(
    `${report.source.format}, ${report.source.encoding}, ${stats.paragraphs} paragraphs, ${stats.sentences} sentences, ${stats.words} words`,
  );
  lines.push(
    `Sentiment: ${sentiment.label} (score ${sentiment.score}, comparative ${sentiment.comparative})`,
  );
  for (const warning of report.warnings ?? []) lines.push(`Warning: ${warning}`);
  lines.push('');
  lines.push('Top entities:');
  const top = report.entities.slice(0, 12);
  if (top.length === 0) lines.push('  (none)');
  for (const entity of top) lines.push(`  ${entity.type.padEnd(12)} ${entity.text}  ×${entity.count}`);
  lines.push('');
  lines.push('Paragraphs:');
  if (report.paragraphsFile) {
    lines.push(`  (${report.stats.paragraphs} paragraphs in ${report.paragraphsFile.key})`);
  }
  for (const paragraph of report.paragraphs ?? []) {
    const s = paragraph.sentiment;
    lines.push(
      `  ${String(paragraph.index).padStart(3)} ${bar(s.comparative)} ${s.label.padEnd(8)} ${String(s.score).padStart(4)}  ${excerpt(paragraph.text, 60)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
