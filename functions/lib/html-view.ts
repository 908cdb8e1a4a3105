/**
 * HTML view of a report: one self-contained page for people (inline CSS and SVG, no JavaScript,
 * no external requests) with the title, a sentiment arc chart, the top entities with type, count,
 * salience and sentiment, the key phrases, and the article text with entities highlighted by type
 * and each paragraph's sentiment as a coloured margin. Responsive (phones) and printable.
 *
 * Safety: every string that comes from the article or the upload (title, key, paragraph text,
 * entity names, key phrases, warnings, content type) goes through {@link escapeHtml}; the page
 * makes no link from article data (only `#p<n>` anchors), and a Content-Security-Policy meta tag
 * (`default-src 'none'`) forbids scripts and remote loads even if something slipped through.
 *
 * Pure: a report in, a string out. Used by `textlens analyze --format html`, `textlens report
 * --format html` and the Lambda handler (which writes `<key>.html` beside `<key>.json`).
 */
import type { EntityType, ParagraphReport, Report, ReportEntity, SentimentLabel } from './types.ts';

/** Content type for the rendered page (for S3 `ContentType`). */
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** How many entities the entity panel lists. */
export const TOP_ENTITIES = 15;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** Entity type -> CSS class (colour group). */
const TYPE_CLASS: Readonly<Record<EntityType, string>> = {
  PERSON: 'person',
  ORGANIZATION: 'org',
  LOCATION: 'loc',
  GROUP: 'group',
  MISC: 'misc',
  DATE: 'time',
  TIME: 'time',
  DURATION: 'time',
  MONEY: 'num',
  PERCENT: 'num',
  QUANTITY: 'num',
  CARDINAL: 'num',
  ORDINAL: 'num',
  EMAIL: 'web',
  URL: 'web',
  HASHTAG: 'web',
  MENTION: 'web',
  EMOJI: 'emoji',
};

const LEGEND: ReadonlyArray<[string, string]> = [
  ['person', 'Person'],
  ['org', 'Organization'],
  ['loc', 'Location'],
  ['group', 'Group'],
  ['misc', 'Other name'],
  ['time', 'Date / time'],
  ['num', 'Number / money'],
  ['web', 'Web / social'],
];

/** Formats a number with a sign and up to `digits` decimals (U+2212 minus for readability). */
export function signed(value: number, digits = 2): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${value > 0 ? '+' : '\u2212'}${text}`;
}

/** Colour of a comparative score: red (negative) through grey to green (positive). */
export function sentimentColor(comparative: number, label?: SentimentLabel): string {
  if (label === 'mixed') return '#c98a00';
  const t = Math.max(-1, Math.min(1, comparative / 0.3));
  const grey = [176, 182, 190];
  const end = t >= 0 ? [26, 152, 80] : [215, 48, 31];
  const k = Math.abs(t);
  const mix = grey.map((g, i) => Math.round(g + (end[i] - g) * k));
  return `rgb(${mix[0]},${mix[1]},${mix[2]})`;
}

// ---------------------------------------------------------------------------------------------
// Chart

/** Height of the chart's coordinate system; each paragraph is 10 units wide. */
const PLOT_HEIGHT = 200;
const BAR_UNIT = 10;
/** Most bars drawn in the arc of a report without inline paragraphs. */
const MAX_ARC_BARS = 2_000;

/** Means of consecutive runs of `size` values (the values themselves when size is 1). */
function bucketMeans(values: readonly number[], size: number): number[] {
  if (size <= 1) return [...values];
  const out: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    const run = values.slice(i, i + size);
    out.push(run.reduce((a, b) => a + b, 0) / run.length);
  }
  return out;
}

/**
 * The sentiment arc: an inline SVG (bars: each paragraph's comparative score, coloured like the
 * paragraph margins, linking to the paragraph; line: the smoothed series, or the raw one for
 * short articles) stretched to the width of the page, with HTML axis labels so text stays
 * crisp and legible at any width.
 */
export function renderArcSvg(report: Report): string {
  const arc = report.sentimentArc;
  // A report without inline paragraphs (a book split to JSON Lines) can have 100,000 of them:
  // its arc is drawn as at most MAX_ARC_BARS bars, each the mean of a run of paragraphs.
  const bucket = report.paragraphs ? 1 : Math.max(1, Math.ceil(arc.comparative.length / MAX_ARC_BARS));
  const comparative = bucketMeans(arc.comparative, bucket);
  const smoothed = bucketMeans(arc.smoothed, bucket);
  const window = arc.window;
  const n = comparative.length;
  if (n === 0) return '<figure class="chart empty"><p>No paragraphs.</p></figure>';
  let maxAbs = 0.1;
  for (const v of comparative) maxAbs = Math.max(maxAbs, Math.abs(v));
  maxAbs = Math.ceil(maxAbs * 10) / 10;
  const half = PLOT_HEIGHT / 2;
  const y = (v: number) => half - (Math.max(-maxAbs, Math.min(maxAbs, v)) / maxAbs) * half;
  const width = n * BAR_UNIT;
  const gap = n <= 60 ? 2 : 0;
  const parts: string[] = [];
  parts.push('<figure class="chart"><div class="plot">');
  for (const v of [maxAbs, maxAbs / 2, 0, -maxAbs / 2, -maxAbs]) {
    parts.push(
      `<span class="ylab" style="top:${((y(v) / PLOT_HEIGHT) * 100).toFixed(1)}%">${signed(v, 2)}</span>`,
    );
  }
  parts.push(
    `<svg viewBox="0 0 ${width} ${PLOT_HEIGHT}" preserveAspectRatio="none" role="img" aria-labelledby="arc-title" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="arc-title">Sentiment by paragraph (${n} paragraphs; bars above the line are positive)</title>`,
  );
  for (const v of [maxAbs, maxAbs / 2, -maxAbs / 2, -maxAbs]) {
    parts.push(`<line class="grid" x1="0" x2="${width}" y1="${y(v)}" y2="${y(v)}"/>`);
  }
  comparative.forEach((v, i) => {
    const top = Math.min(y(v), half);
    const height = Math.max(0.8, Math.abs(y(v) - half));
    const p = report.paragraphs?.[i];
    const rect = (label: string, mood?: SentimentLabel) =>
      `<rect class="bar" x="${i * BAR_UNIT + gap / 2}" y="${top.toFixed(2)}" width="${BAR_UNIT - gap}" height="${height.toFixed(2)}" fill="${sentimentColor(v, mood)}"><title>${escapeHtml(label)}</title></rect>`;
    if (p) {
      const label = `Paragraph ${i + 1}: ${p.sentiment.label}, comparative ${signed(v, 3)}, score ${p.sentiment.score}`;
      parts.push(`<a href="#p${i}">${rect(label, p.sentiment.label)}</a>`);
    } else {
      const from = i * bucket + 1;
      const to = Math.min(arc.comparative.length, (i + 1) * bucket);
      const label = `${from === to ? `Paragraph ${from}` : `Paragraphs ${from}-${to}`}: comparative ${signed(v, 3)}`;
      parts.push(rect(label));
    }
  });
  parts.push(`<line class="zero" x1="0" x2="${width}" y1="${half}" y2="${half}"/>`);
  if (n > 1) {
    const series = window > 1 ? smoothed : comparative;
    const points = series.map((v, i) => `${i * BAR_UNIT + BAR_UNIT / 2},${y(v).toFixed(2)}`).join(' ');
    parts.push(`<polyline class="trend" points="${points}"/>`);
  }
  parts.push('</svg></div><div class="xlab">');
  for (const i of [...new Set([0, Math.floor((n - 1) / 2), n - 1])]) {
    parts.push(`<span style="left:${(((i + 0.5) / n) * 100).toFixed(2)}%">¶${i * bucket + 1}</span>`);
  }
  const how = window > 1 ? `line: moving average over ${window} paragraphs` : 'line: paragraph scores';
  parts.push(
    `</div><figcaption>Sentiment per word of each paragraph (bars; click one to jump to it); ${how}.</figcaption></figure>`,
  );
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Article text

/** One paragraph's text with its entities wrapped in <mark>, everything escaped. */
export function renderParagraphText(
  paragraph: ParagraphReport,
  names: ReadonlyMap<number, ReportEntity>,
): string {
  const out: string[] = [];
  const entities = [...paragraph.entities].sort((a, b) => a.start - b.start);
  let cursor = 0;
  for (const entity of entities) {
    const from = entity.start - paragraph.start;
    const to = entity.end - paragraph.start;
    if (from < cursor || to > paragraph.text.length || to <= from) continue; // overlapping or foreign
    out.push(escapeHtml(paragraph.text.slice(cursor, from)));
    const doc = names.get(entity.start);
    const tip = doc && doc.text !== entity.text ? `${entity.type}: ${doc.text}` : entity.type;
    out.push(
      `<mark class="ent t-${TYPE_CLASS[entity.type] ?? 'misc'}" title="${escapeHtml(tip)}">${escapeHtml(paragraph.text.slice(from, to))}</mark>`,
    );
    cursor = to;
  }
  out.push(escapeHtml(paragraph.text.slice(cursor)));
  return out.join('');
}

function renderArticle(report: Report): string {
  if (!report.paragraphs) {
    const file = report.paragraphsFile;
    return `<p class="note">This article has ${report.stats.paragraphs} paragraphs; they are not shown here. Each paragraph, with its sentences, entities and sentiment, is a line of <code>${escapeHtml(file?.key ?? '')}</code> (JSON Lines, ${file?.bytes ?? 0} bytes) beside this report.</p>`;
  }
  const names = new Map<number, ReportEntity>();
  for (const entity of report.entities) for (const m of entity.mentions) names.set(m.start, entity);
  const parts: string[] = [];
  for (const p of report.paragraphs) {
    const s = p.sentiment;
    const color = sentimentColor(s.comparative, s.label);
    const words = [...s.positive.map((w) => `+${w}`), ...s.negative.map((w) => `\u2212${w}`)].join(' ');
    const tip = `${s.label}, comparative ${signed(s.comparative, 3)}, score ${s.score}${words ? ` (${words})` : ''}`;
    parts.push(
      `<div class="para" id="p${p.index}" style="--mood:${color}"><div class="margin" title="${escapeHtml(tip)}"><span class="pnum">¶${p.index + 1}</span><span class="pscore">${signed(s.comparative)}</span></div><p>${renderParagraphText(p, names)}</p></div>`,
    );
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Panels

function sentenceQuote(
  report: Report,
  mention: NonNullable<ReportEntity['sentiment']>['mostPositive'],
): string {
  if (!mention) return '';
  const paragraph = report.paragraphs?.[mention.paragraph];
  if (!paragraph) return '';
  const text = paragraph.text;
  const s = mention.sentence.start - paragraph.start;
  const e = mention.sentence.end - paragraph.start;
  const ms = mention.start - paragraph.start;
  const me = mention.end - paragraph.start;
  if (!(s >= 0 && s <= ms && ms <= me && me <= e && e <= text.length)) return '';
  const flat = (t: string) => t.replace(/\s+/g, ' ');
  const before = flat(text.slice(s, ms));
  const after = flat(text.slice(me, e));
  const head = before.length <= 110 ? before : `\u2026${before.slice(before.length - 109)}`;
  const tail = after.length <= 110 ? after : `${after.slice(0, 109)}\u2026`;
  return `<q>${escapeHtml(head)}<b>${escapeHtml(flat(text.slice(ms, me)))}</b>${escapeHtml(tail)}</q> <a class="jump" href="#p${mention.paragraph}">¶${mention.paragraph + 1}</a> <span class="num">${signed(mention.comparative, 3)}</span>`;
}

function renderEntities(report: Report): string {
  const top = report.entities.slice(0, TOP_ENTITIES);
  if (top.length === 0) return '<p class="empty">No entities found.</p>';
  const rows = top.map((e) => {
    const s = e.sentiment;
    const mood = s
      ? `<span class="chip" style="--mood:${sentimentColor(s.mean, s.label)}" title="${escapeHtml(`mean ${signed(s.mean, 3)}, range ${signed(s.min, 3)} .. ${signed(s.max, 3)} over ${s.sentences} sentence(s)`)}">${s.label} ${signed(s.mean)}</span>`
      : '<span class="chip none">no sentiment</span>';
    const aliases =
      e.aliases.length > 0 ? `<span class="aliases">also ${e.aliases.map(escapeHtml).join(', ')}</span>` : '';
    const quotes =
      s && (s.mostPositive || s.mostNegative)
        ? `<details><summary>How is it portrayed?</summary>${s.mostPositive ? `<p class="quote pos">Most positive: ${sentenceQuote(report, s.mostPositive)}</p>` : ''}${s.mostNegative ? `<p class="quote neg">Most negative: ${sentenceQuote(report, s.mostNegative)}</p>` : ''}</details>`
        : '';
    return `<li class="entity"><div class="erow"><div class="ename"><mark class="ent t-${TYPE_CLASS[e.type] ?? 'misc'}">${escapeHtml(e.text)}</mark> <span class="etype">${escapeHtml(e.type)}</span>${aliases}</div><div class="emeta"><span class="count" title="mentions">×${e.count}</span><span class="sal" title="salience ${e.salience}"><span style="width:${Math.round(e.salience * 100)}%"></span></span>${mood}</div></div>${quotes}</li>`;
  });
  return `<ol class="entities">${rows.join('')}</ol>`;
}

function renderKeyPhrases(report: Report): string {
  if (report.keyPhrases.length === 0) return '<p class="empty">No key phrases.</p>';
  const items = report.keyPhrases.map((k) => {
    const paragraphs = [...new Set(k.mentions.map((m) => m.paragraph + 1))];
    const size = (0.85 + 0.45 * k.score).toFixed(2);
    return `<li style="font-size:${size}em" title="${escapeHtml(`${k.count} mention(s), paragraphs ${paragraphs.join(', ')}`)}"><a href="#p${k.mentions[0].paragraph}">${escapeHtml(k.text)}</a>${k.count > 1 ? ` <span class="count">×${k.count}</span>` : ''}</li>`;
  });
  return `<ul class="phrases">${items.join('')}</ul>`;
}

// ---------------------------------------------------------------------------------------------
// Page

const CSS = `
:root{--ink:#1d232b;--muted:#5d6773;--line:#dde2e8;--bg:#fff;--panel:#f6f8fa;
--person:#dbe9ff;--person-b:#3b7ddd;--org:#eadcff;--org-b:#8a4fd8;--loc:#d8f3e3;--loc-b:#239a5a;
--group:#d5f1f1;--group-b:#1f9a9a;--misc:#ffe7cc;--misc-b:#d9822b;--time:#eceff3;--time-b:#8591a0;
--num:#f4ead9;--num-b:#a8802f;--web:#d9f0fb;--web-b:#2a8fc1;--emoji:transparent;--emoji-b:transparent}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:70rem;margin:0 auto;padding:1.2rem 1rem 3rem}
header h1{font:700 1.7rem/1.2 Georgia,"Times New Roman",serif;margin:.2rem 0 .4rem;overflow-wrap:anywhere}
.meta{color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
.summary{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.5rem .8rem;min-width:8.5rem}
.card b{display:block;font-size:1.15rem}
.card span{color:var(--muted);font-size:.8rem}
.warn{background:#fff6db;border:1px solid #e8cf7a;border-radius:8px;padding:.6rem .8rem;margin:1rem 0;overflow-wrap:anywhere}
.warn p{margin:.2rem 0}
h2{font-size:1.05rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:1.6rem 0 .6rem}
.chart{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.8rem .8rem .4rem 3.6rem}
.plot{position:relative;height:200px}
.plot svg{display:block;width:100%;height:100%;overflow:visible}
.ylab{position:absolute;left:-3.3rem;width:2.9rem;text-align:right;transform:translateY(-50%);font-size:.7rem;color:var(--muted);font-variant-numeric:tabular-nums}
.chart .grid{stroke:#e1e5ea;stroke-width:1;vector-effect:non-scaling-stroke}
.chart .zero{stroke:#7d8894;stroke-width:1.2;vector-effect:non-scaling-stroke}
.chart .trend{fill:none;stroke:#26323f;stroke-width:2;stroke-linejoin:round;vector-effect:non-scaling-stroke}
.chart a:hover rect,.chart a:focus rect{opacity:.7}
.xlab{position:relative;height:1.3rem;font-size:.7rem;color:var(--muted)}
.xlab span{position:absolute;top:.2rem;transform:translateX(-50%)}
figcaption{font-size:.75rem;color:var(--muted);margin-top:.1rem}
.layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(17rem,24rem);grid-template-areas:"article side";gap:0 2.2rem;align-items:start}
.article{grid-area:article;min-width:0}
.side{grid-area:side;min-width:0}
.entities{list-style:none;margin:0;padding:0}
.entity{border-bottom:1px solid var(--line);padding:.35rem 0}
.ename{overflow-wrap:anywhere}
.etype{font-size:.7rem;color:var(--muted);letter-spacing:.04em}
.aliases{display:block;font-size:.8rem;color:var(--muted)}
.erow{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.2rem .8rem}
.emeta{display:flex;align-items:center;gap:.6rem;font-size:.85rem}
.count{color:var(--muted);font-variant-numeric:tabular-nums}
.sal{display:inline-block;width:4.5rem;height:.45rem;background:#e7ebef;border-radius:4px;overflow:hidden}
.sal span{display:block;height:100%;background:#5a6b7d}
.chip{border-left:.6rem solid var(--mood);background:var(--panel);border-radius:4px;padding:0 .4rem;white-space:nowrap}
.chip.none{border-left-color:var(--line);color:var(--muted)}
details{font-size:.85rem;margin-top:.25rem}
summary{cursor:pointer;color:var(--muted)}
.quote{margin:.3rem 0 .3rem .8rem;overflow-wrap:anywhere}
.quote.pos{border-left:3px solid rgb(26,152,80);padding-left:.5rem}
.quote.neg{border-left:3px solid rgb(215,48,31);padding-left:.5rem}
.num{font-variant-numeric:tabular-nums;color:var(--muted)}
a{color:#1f5fae}
.phrases{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}
.phrases li{background:var(--panel);border:1px solid var(--line);border-radius:999px;padding:.1rem .65rem;overflow-wrap:anywhere}
.phrases a{color:inherit;text-decoration:none}
.legend{display:flex;flex-wrap:wrap;gap:.4rem .8rem;font-size:.8rem;margin:.4rem 0 1rem;padding:0;list-style:none}
mark.ent{background:var(--misc);border-bottom:2px solid var(--misc-b);border-radius:3px;padding:0 .12em;color:inherit}
mark.t-person{background:var(--person);border-color:var(--person-b)}
mark.t-org{background:var(--org);border-color:var(--org-b)}
mark.t-loc{background:var(--loc);border-color:var(--loc-b)}
mark.t-group{background:var(--group);border-color:var(--group-b)}
mark.t-misc{background:var(--misc);border-color:var(--misc-b)}
mark.t-time{background:var(--time);border-color:var(--time-b)}
mark.t-num{background:var(--num);border-color:var(--num-b)}
mark.t-web{background:var(--web);border-color:var(--web-b)}
mark.t-emoji{background:transparent;border-color:transparent}
.para{display:grid;grid-template-columns:3.2rem minmax(0,1fr);gap:.8rem;margin:0 0 .3rem}
.margin{border-right:5px solid var(--mood);text-align:right;padding:.25rem .5rem .25rem 0;font-size:.72rem;color:var(--muted);line-height:1.3;font-variant-numeric:tabular-nums}
.margin span{display:block}
.para p{margin:.15rem 0 .7rem;white-space:pre-line;overflow-wrap:anywhere;font-family:Georgia,"Times New Roman",serif;font-size:1.05rem}
.para:target{background:#fffbe6}
.empty{color:var(--muted)}
footer{color:var(--muted);font-size:.8rem;margin-top:2rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:900px){
.layout{grid-template-columns:minmax(0,1fr);grid-template-areas:"side" "article"}
}
@media (max-width:760px){
main{padding:.8rem .75rem 2rem}
header h1{font-size:1.35rem}
.plot{height:150px}
.chart{padding-left:3.1rem}
.card{flex:1 1 6.5rem;min-width:0;padding:.35rem .6rem}
.card b{font-size:1rem}
.para{grid-template-columns:2.4rem minmax(0,1fr);gap:.5rem}
.para p{font-size:1rem}
}
@media print{
@page{margin:14mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10.5pt}
main{max-width:none;padding:0}
.chart{break-inside:avoid}
.plot{height:150px}
.layout{grid-template-columns:minmax(0,1fr);grid-template-areas:"side" "article"}
.entity,.para,.card{break-inside:avoid}
details>summary{display:none}
a{color:inherit;text-decoration:none}
.para:target{background:none}
}
`;

/** Renders a report as one self-contained HTML page (see the module comment). */
export function renderReportHtml(report: Report): string {
  const heading = report.title ?? report.source.key ?? 'Untitled article';
  const s = report.sentiment;
  const detection = report.languageDetection;
  const metaBits = [
    report.source.key && report.title ? report.source.key : undefined,
    `${report.source.format}`,
    `${report.stats.paragraphs} paragraphs`,
    `${report.stats.sentences} sentences`,
    `${report.stats.words} words`,
    `language ${report.language}${detection ? ` (detected ${detection.language}, confidence ${detection.confidence})` : ''}`,
  ].filter((x): x is string => Boolean(x));
  const warnings = report.warnings ?? [];
  const lang = /^[a-z]{2,3}$/.test(report.language) ? report.language : 'en';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${escapeHtml(`${report.analyzer.name} ${report.analyzer.version}`)}">
<title>${escapeHtml(heading)} · textlens</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(heading)}</h1>
<div class="meta">${metaBits.map(escapeHtml).join(' · ')}</div>
</header>
<section class="summary" aria-label="Document sentiment">
<div class="card" style="border-left:6px solid ${sentimentColor(s.comparative, s.label)}"><span>Sentiment</span><b>${escapeHtml(s.label)}</b></div>
<div class="card"><span>Score</span><b>${signed(s.score, 1)}</b></div>
<div class="card"><span>Per word</span><b>${signed(s.comparative, 3)}</b></div>
<div class="card"><span>Magnitude</span><b>${s.magnitude.toFixed(1)}</b></div>
<div class="card"><span>Entities</span><b>${report.entities.length}</b></div>
</section>
${warnings.length > 0 ? `<section class="warn" role="note">${warnings.map((w) => `<p>${escapeHtml(w)}</p>`).join('')}</section>` : ''}
<section aria-labelledby="h-arc" class="arc">
<h2 id="h-arc">Sentiment arc</h2>
${renderArcSvg(report)}
</section>
<div class="layout">
<aside class="side">
<section aria-labelledby="h-kp">
<h2 id="h-kp">Key phrases</h2>
${renderKeyPhrases(report)}
</section>
<section aria-labelledby="h-ent">
<h2 id="h-ent">Top entities</h2>
${renderEntities(report)}
</section>
</aside>
<section aria-labelledby="h-text" class="article">
<h2 id="h-text">Article</h2>
<ul class="legend">${LEGEND.map(([cls, name]) => `<li><mark class="ent t-${cls}">${name}</mark></li>`).join('')}</ul>
${renderArticle(report)}
</section>
</div>
<footer>textlens ${escapeHtml(report.analyzer.version)} · report schema v${escapeHtml(report.schemaVersion)} · sentiment: AFINN word valences per paragraph (margin colour), entity sentiment from the sentences that mention each entity.</footer>
</main>
</body>
</html>
`;
}
