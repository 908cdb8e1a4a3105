/**
 * Report digest: a fingerprint of the reports `analyze()` gives for a fixed set of documents, so
 * a performance change can prove it changed no report (compare the digest before and after).
 *
 *   npx tsx scripts/bench/report-digest.ts > before.txt
 *   ... change ...
 *   npx tsx scripts/bench/report-digest.ts > after.txt && diff before.txt after.txt
 *
 * Documents: the repository's samples/, every article of the benchmark corpus (CoNLL-2003
 * eng.testa from ../shared when present), the CoNLL-format sets of ../shared/data/ner/permissive
 * joined into articles, and short and long texts in other languages and mixed languages (the
 * language stage's decisions). One line per document: its name and the SHA-256 of its report.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../functions/lib/analyze.ts';
import { baseArticles, detokenize } from './corpus.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PERMISSIVE = path.resolve(REPO_ROOT, '../shared/data/ner/permissive');

/** A CoNLL-format file as articles of ~40 sentences (documents markers are not reliable there). */
function conllArticles(file: string): string[] {
  const articles: string[] = [];
  let sentences: string[] = [];
  let words: string[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.startsWith('-DOCSTART-')) continue;
    if (line.trim() === '') {
      if (words.length > 0) sentences.push(detokenize(words));
      words = [];
      if (sentences.length >= 40) {
        articles.push(sentences.join(' '));
        sentences = [];
      }
    } else words.push(line.split(/\s/)[0]);
  }
  if (sentences.length > 0) articles.push(sentences.join(' '));
  return articles;
}

const FOREIGN: Record<string, string> = {
  de: 'Die Bundesregierung hat am Dienstag beschlossen, dass die Steuern im kommenden Jahr nicht erhöht werden. Der Finanzminister sagte, die Wirtschaft sei stabil und die Einnahmen seien höher als erwartet.',
  fr: "Le gouvernement a annoncé mardi que les impôts ne seraient pas augmentés l'année prochaine. Le ministre des Finances a déclaré que l'économie était stable et que les recettes étaient plus élevées que prévu.",
  es: 'El gobierno anunció el martes que los impuestos no subirán el próximo año. El ministro de Hacienda dijo que la economía es estable y que los ingresos son mayores de lo esperado.',
  nl: 'De regering heeft dinsdag besloten dat de belastingen volgend jaar niet worden verhoogd. De minister van Financiën zei dat de economie stabiel is en dat de inkomsten hoger zijn dan verwacht.',
  ru: 'Наводнения вдоль Дуная вынудили тысячи людей покинуть свои дома. Канцлер посетил затопленный город во вторник и пообещал быструю помощь пострадавшим семьям.',
  it: 'Il governo ha annunciato martedì che le tasse non aumenteranno il prossimo anno. Il ministro delle Finanze ha detto che l’economia è stabile e che le entrate sono più alte del previsto.',
  pl: 'Rząd ogłosił we wtorek, że podatki nie wzrosną w przyszłym roku. Minister finansów powiedział, że gospodarka jest stabilna, a dochody są wyższe niż oczekiwano.',
};

function documents(): Array<{ name: string; bytes: Uint8Array; key: string }> {
  const docs: Array<{ name: string; bytes: Uint8Array; key: string }> = [];
  const enc = new TextEncoder();
  const samples = path.join(REPO_ROOT, 'samples');
  for (const name of readdirSync(samples).sort()) {
    const file = path.join(samples, name);
    if (name.includes('.')) docs.push({ name: `samples/${name}`, bytes: readFileSync(file), key: name });
  }
  baseArticles().articles.forEach((a, i) => {
    docs.push({ name: `corpus/${i}`, bytes: enc.encode(a), key: 'article.txt' });
  });
  if (existsSync(PERMISSIVE)) {
    for (const name of readdirSync(PERMISSIVE).sort()) {
      if (!name.endsWith('.conll')) continue;
      conllArticles(path.join(PERMISSIVE, name)).forEach((a, i) => {
        docs.push({ name: `permissive/${name}/${i}`, bytes: enc.encode(a), key: 'article.txt' });
      });
    }
  }
  const english = baseArticles().articles[0];
  for (const [code, text] of Object.entries(FOREIGN)) {
    docs.push({ name: `foreign/${code}`, bytes: enc.encode(text), key: 'a.txt' });
    const long = Array.from({ length: 12 }, () => text).join('\n\n');
    docs.push({ name: `foreign/${code}/long`, bytes: enc.encode(long), key: 'a.txt' });
    docs.push({ name: `mixed/${code}`, bytes: enc.encode(`${english}\n\n${long}`), key: 'a.txt' });
    docs.push({
      name: `mixed/${code}/quote`,
      bytes: enc.encode(`${english}\n\n${text}\n\n${english}`),
      key: 'a.txt',
    });
  }
  return docs;
}

const all = createHash('sha256');
let count = 0;
for (const doc of documents()) {
  const json = JSON.stringify(analyze(doc.bytes, { key: doc.key }));
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
  all.update(json);
  count++;
  process.stdout.write(`${doc.name} ${hash}\n`);
}
process.stdout.write(`ALL ${count} ${all.digest('hex')}\n`);
