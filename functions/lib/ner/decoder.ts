/**
 * Two-pass greedy BIO decoding.
 *
 * Pass 1 scores every token with the static features plus the labels already chosen for the
 * two previous tokens, left to right. Pass 2 re-decodes the document with its own weights for
 * the same static features plus features built from the whole document's pass-1 output
 * (document memory), so a later "Biden" can learn from an earlier "Joe Biden", and an early
 * headline mention from the article body. Both passes' static weights sit in one row of the
 * static layer, so each static feature costs one table look-up for both passes.
 */
import {
  buildDocumentMemory,
  contextFeatures,
  DENSE_SLOT_IDS,
  denseSlots,
  INTRINSIC_FEATURES,
  intrinsicFeatures,
  LABEL_COUNT,
  MAX_STATIC_FEATURES,
  PREVIOUS_LABEL_FEATURES,
  type PreparedDocument,
  previousLabelFeatures,
  SECOND_PASS_FEATURES,
  secondPassFeatures,
} from './features.ts';
import type { Layer } from './model.ts';

const featureBuffer = new Uint32Array(MAX_STATIC_FEATURES + PREVIOUS_LABEL_FEATURES + SECOND_PASS_FEATURES);
const slotBuffer = new Int32Array(32);
const scores = new Float32Array(LABEL_COUNT);

/**
 * Adds the 2 x 9 weights of the static features `features[from..to)` to `target[offset..+18)`
 * (pass-1 block then pass-2 block). Unrolled, running sums in locals: this is the hot loop.
 */
export function accumulateStatic(
  layer: Layer,
  features: Uint32Array,
  n: number,
  target: Float32Array,
  offset: number,
): void {
  const w = layer.weights;
  const table = layer.table;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  let a5 = 0;
  let a6 = 0;
  let a7 = 0;
  let a8 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  let b7 = 0;
  let b8 = 0;
  for (let f = 0; f < n; f++) {
    const row = table.find(features[f]);
    if (row < 0) continue;
    const b = row * 18;
    a0 += w[b];
    a1 += w[b + 1];
    a2 += w[b + 2];
    a3 += w[b + 3];
    a4 += w[b + 4];
    a5 += w[b + 5];
    a6 += w[b + 6];
    a7 += w[b + 7];
    a8 += w[b + 8];
    b0 += w[b + 9];
    b1 += w[b + 10];
    b2 += w[b + 11];
    b3 += w[b + 12];
    b4 += w[b + 13];
    b5 += w[b + 14];
    b6 += w[b + 15];
    b7 += w[b + 16];
    b8 += w[b + 17];
  }
  target[offset] = a0;
  target[offset + 1] = a1;
  target[offset + 2] = a2;
  target[offset + 3] = a3;
  target[offset + 4] = a4;
  target[offset + 5] = a5;
  target[offset + 6] = a6;
  target[offset + 7] = a7;
  target[offset + 8] = a8;
  target[offset + 9] = b0;
  target[offset + 10] = b1;
  target[offset + 11] = b2;
  target[offset + 12] = b3;
  target[offset + 13] = b4;
  target[offset + 14] = b5;
  target[offset + 15] = b6;
  target[offset + 16] = b7;
  target[offset + 17] = b8;
}

/** Adds the 9 weights of features `features[from..to)` of a LABEL_COUNT-wide layer to `target[0..9)`. */
export function accumulate(
  layer: Layer,
  features: Uint32Array,
  from: number,
  to: number,
  target: Float32Array,
): void {
  const w = layer.weights;
  const table = layer.table;
  for (let f = from; f < to; f++) {
    const row = table.find(features[f]);
    if (row < 0) continue;
    const b = row * 9;
    target[0] += w[b];
    target[1] += w[b + 1];
    target[2] += w[b + 2];
    target[3] += w[b + 3];
    target[4] += w[b + 4];
    target[5] += w[b + 5];
    target[6] += w[b + 6];
    target[7] += w[b + 7];
    target[8] += w[b + 8];
  }
}

/** Best label allowed after `previous` under BIO (I-X only continues B-X or I-X). */
export function bestAllowedLabel(values: Float32Array, previous: number): number {
  let best = 0;
  let bestScore = values[0];
  for (let l = 1; l < LABEL_COUNT; l++) {
    if (l % 2 === 0 && previous !== l - 1 && previous !== l) continue;
    if (values[l] > bestScore) {
      bestScore = values[l];
      best = l;
    }
  }
  return best;
}

/** Width of a token's row in the static score cache: pass-1 block, then pass-2 block. */
export const STATIC_WIDTH = 2 * LABEL_COUNT;

/** Number of (word, shape) pairs whose intrinsic scores are cached before the cache is reset. */
const INTRINSIC_CACHE_BITS = 16;

/**
 * Computes the static scores of tokens (both passes) as fast as the model allows, with the
 * same result as summing the static layer's weights over `staticFeatures`:
 * - small-domain templates (bias, POS, casing, ...) read precomputed dense tables;
 * - the token's own features (word, affixes, shape) are summed once per (word, shape) pair and
 *   cached (per process: a memo of a pure function, reset when full);
 * - only the remaining context features are hashed and looked up.
 */
export class StaticScorer {
  private readonly dense: Float32Array;
  private readonly cacheWord = new Uint32Array(1 << INTRINSIC_CACHE_BITS);
  private readonly cacheShape = new Uint32Array(1 << INTRINSIC_CACHE_BITS);
  private readonly cacheUsed = new Uint8Array(1 << INTRINSIC_CACHE_BITS);
  private readonly cacheScores = new Float32Array((1 << INTRINSIC_CACHE_BITS) * STATIC_WIDTH);
  private cacheSize = 0;

  constructor(private readonly layer: Layer) {
    this.dense = new Float32Array(DENSE_SLOT_IDS.length * STATIC_WIDTH);
    for (let slot = 0; slot < DENSE_SLOT_IDS.length; slot++) {
      const row = layer.table.find(DENSE_SLOT_IDS[slot]);
      if (row >= 0) {
        this.dense.set(
          layer.weights.subarray(row * STATIC_WIDTH, (row + 1) * STATIC_WIDTH),
          slot * STATIC_WIDTH,
        );
      }
    }
  }

  /** Writes the static scores (STATIC_WIDTH values) of token `i` to `target[offset..]`. */
  score(
    doc: PreparedDocument,
    i: number,
    from: number,
    to: number,
    target: Float32Array,
    offset: number,
  ): void {
    const n = contextFeatures(doc, i, from, to, featureBuffer, 0);
    accumulateStatic(this.layer, featureBuffer, n, target, offset);
    const cached = this.intrinsicSlot(doc, i) * STATIC_WIDTH;
    const cache = this.cacheScores;
    for (let l = 0; l < STATIC_WIDTH; l++) target[offset + l] += cache[cached + l];
    const slots = denseSlots(doc, i, from, to, slotBuffer, 0);
    const dense = this.dense;
    for (let k = 0; k < slots; k++) {
      const base = slotBuffer[k] * STATIC_WIDTH;
      for (let l = 0; l < STATIC_WIDTH; l++) target[offset + l] += dense[base + l];
    }
  }

  /** Cache slot holding the intrinsic scores of token `i`'s (word, shape), filled on a miss. */
  private intrinsicSlot(doc: PreparedDocument, i: number): number {
    const word = doc.word[i];
    const shape = doc.shape[i];
    const mask = (1 << INTRINSIC_CACHE_BITS) - 1;
    let slot =
      (Math.imul(word ^ Math.imul(shape, 0x9e3779b1), 0x85ebca6b) >>> (32 - INTRINSIC_CACHE_BITS)) & mask;
    while (this.cacheUsed[slot] === 1) {
      if (this.cacheWord[slot] === word && this.cacheShape[slot] === shape) return slot;
      slot = (slot + 1) & mask;
    }
    if (this.cacheSize >= (1 << INTRINSIC_CACHE_BITS) >> 1) {
      this.cacheUsed.fill(0);
      this.cacheSize = 0;
      return this.intrinsicSlot(doc, i);
    }
    this.cacheUsed[slot] = 1;
    this.cacheWord[slot] = word;
    this.cacheShape[slot] = shape;
    this.cacheSize++;
    intrinsicFeatures(doc, i, featureBuffer, 0);
    accumulateStatic(this.layer, featureBuffer, INTRINSIC_FEATURES, this.cacheScores, slot * STATIC_WIDTH);
    return slot;
  }
}

const scorers = new WeakMap<Layer, StaticScorer>();

/** The scorer of a static layer (built once per layer). */
export function staticScorerOf(layer: Layer): StaticScorer {
  let scorer = scorers.get(layer);
  if (!scorer) {
    scorer = new StaticScorer(layer);
    scorers.set(layer, scorer);
  }
  return scorer;
}

/**
 * Pass 1. Fills `staticScores` (tokenCount x STATIC_WIDTH: both passes' static scores) as a
 * by-product for pass 2 and returns the labels.
 */
export function decodeFirstPass(
  doc: PreparedDocument,
  staticLayer: Layer,
  firstPass: Layer,
  staticScores: Float32Array,
): Uint8Array {
  const scorer = staticScorerOf(staticLayer);
  const labels = new Uint8Array(doc.tokenCount);
  for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
    const from = doc.sentenceStarts[s];
    const to = doc.sentenceStarts[s + 1];
    let previous = 0;
    let beforePrevious = 0;
    for (let i = from; i < to; i++) {
      const offset = i * STATIC_WIDTH;
      scorer.score(doc, i, from, to, staticScores, offset);
      const end = previousLabelFeatures(doc, i, previous, beforePrevious, featureBuffer, 0);
      for (let l = 0; l < LABEL_COUNT; l++) scores[l] = staticScores[offset + l];
      accumulate(firstPass, featureBuffer, 0, end, scores);
      const label = bestAllowedLabel(scores, previous);
      labels[i] = label;
      beforePrevious = previous;
      previous = label;
    }
  }
  return labels;
}

/** Pass 2: the pass-2 block of the static scores plus previous-label and document-memory features. */
export function decodeSecondPass(
  doc: PreparedDocument,
  secondPass: Layer,
  staticScores: Float32Array,
  firstPassLabels: Uint8Array,
): Uint8Array {
  const memory = buildDocumentMemory(doc, firstPassLabels);
  const labels = new Uint8Array(doc.tokenCount);
  for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
    const from = doc.sentenceStarts[s];
    const to = doc.sentenceStarts[s + 1];
    let previous = 0;
    let beforePrevious = 0;
    for (let i = from; i < to; i++) {
      const n = previousLabelFeatures(doc, i, previous, beforePrevious, featureBuffer, 0);
      const end = secondPassFeatures(doc, memory, firstPassLabels, i, from, to, featureBuffer, n);
      const offset = i * STATIC_WIDTH + LABEL_COUNT;
      for (let l = 0; l < LABEL_COUNT; l++) scores[l] = staticScores[offset + l];
      accumulate(secondPass, featureBuffer, 0, end, scores);
      const label = bestAllowedLabel(scores, previous);
      labels[i] = label;
      beforePrevious = previous;
      previous = label;
    }
  }
  return labels;
}
