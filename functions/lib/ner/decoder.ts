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
  LABEL_COUNT,
  MAX_STATIC_FEATURES,
  PREVIOUS_LABEL_FEATURES,
  type PreparedDocument,
  previousLabelFeatures,
  SECOND_PASS_FEATURES,
  secondPassFeatures,
  staticFeatures,
} from './features.ts';
import type { Layer } from './model.ts';

const featureBuffer = new Uint32Array(MAX_STATIC_FEATURES + PREVIOUS_LABEL_FEATURES + SECOND_PASS_FEATURES);
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
  const labels = new Uint8Array(doc.tokenCount);
  for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
    const from = doc.sentenceStarts[s];
    const to = doc.sentenceStarts[s + 1];
    let previous = 0;
    let beforePrevious = 0;
    for (let i = from; i < to; i++) {
      const n = staticFeatures(doc, i, from, to, featureBuffer);
      const offset = i * STATIC_WIDTH;
      accumulateStatic(staticLayer, featureBuffer, n, staticScores, offset);
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
