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
  BOUNDARY_AFTER as BOUNDARY_AFTER_,
  BOUNDARY_BEFORE as BOUNDARY_BEFORE_,
  buildDocumentMemory as buildDocumentMemory_,
  DENSE_SLOT_IDS as DENSE_SLOT_IDS_,
  denseSlots as denseSlots_,
  FLAG as FLAG_,
  hashedPairFeatures as hashedPairFeatures_,
  INTRINSIC_FEATURES as INTRINSIC_FEATURES_,
  intrinsicFeatures as intrinsicFeatures_,
  LABEL_COUNT as LABEL_COUNT_,
  MAX_STATIC_FEATURES as MAX_STATIC_FEATURES_,
  PREVIOUS_LABEL_FEATURES as PREVIOUS_LABEL_FEATURES_,
  type PreparedDocument,
  previousLabelFeatures as previousLabelFeatures_,
  SECOND_PASS_FEATURES as SECOND_PASS_FEATURES_,
  secondPassFeatures as secondPassFeatures_,
  staticFeatures as staticFeatures_,
  T_HEADLINE_WORD as T_HEADLINE_WORD_,
  T_NEXT_CLUSTER as T_NEXT_CLUSTER_,
  T_NEXT_GAZ as T_NEXT_GAZ_,
  T_NEXT_WORD as T_NEXT_WORD_,
  T_NEXT2_WORD as T_NEXT2_WORD_,
  T_PREV_CLUSTER as T_PREV_CLUSTER_,
  T_PREV_GAZ as T_PREV_GAZ_,
  T_PREV_WORD as T_PREV_WORD_,
  T_PREV2_WORD as T_PREV2_WORD_,
  tokenSignatureFeatures as tokenSignatureFeatures_,
} from './features.ts';
import { featureId as featureId_ } from './hash.ts';
import type { Layer } from './model.ts';

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const featureId = featureId_;

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const BOUNDARY_AFTER = BOUNDARY_AFTER_;
const BOUNDARY_BEFORE = BOUNDARY_BEFORE_;
const buildDocumentMemory = buildDocumentMemory_;
const FLAG = FLAG_;
const hashedPairFeatures = hashedPairFeatures_;
const tokenSignatureFeatures = tokenSignatureFeatures_;
const T_PREV_GAZ = T_PREV_GAZ_;
const T_PREV_CLUSTER = T_PREV_CLUSTER_;
const T_NEXT_CLUSTER = T_NEXT_CLUSTER_;

const T_NEXT_GAZ = T_NEXT_GAZ_;
const staticFeatures = staticFeatures_;
const T_HEADLINE_WORD = T_HEADLINE_WORD_;
const T_NEXT_WORD = T_NEXT_WORD_;
const T_NEXT2_WORD = T_NEXT2_WORD_;
const T_PREV_WORD = T_PREV_WORD_;
const T_PREV2_WORD = T_PREV2_WORD_;
const DENSE_SLOT_IDS = DENSE_SLOT_IDS_;
const denseSlots = denseSlots_;
const INTRINSIC_FEATURES = INTRINSIC_FEATURES_;
const intrinsicFeatures = intrinsicFeatures_;
const LABEL_COUNT = LABEL_COUNT_;
const MAX_STATIC_FEATURES = MAX_STATIC_FEATURES_;
const PREVIOUS_LABEL_FEATURES = PREVIOUS_LABEL_FEATURES_;
const previousLabelFeatures = previousLabelFeatures_;
const SECOND_PASS_FEATURES = SECOND_PASS_FEATURES_;
const secondPassFeatures = secondPassFeatures_;

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

/** log2 of the number of (word, shape) pairs whose cached scores are kept before a reset. */
const WORD_CACHE_BITS = 15;
const WORD_CACHE_SLOTS = 1 << WORD_CACHE_BITS;
/** Pairs cached before the cache is reset (half the slots: short probe chains). */
const WORD_CACHE_LIMIT = WORD_CACHE_SLOTS >> 1;

/**
 * Score vectors cached per (word, shape): the token's own features (word, affixes, shape), the
 * word x headline feature for both flag values, and the word's features as the previous, next,
 * second previous and second next word of another token.
 */
const V_INTRINSIC = 0;
const V_HEADLINE = STATIC_WIDTH; // + headline flag x STATIC_WIDTH
const V_AS_PREV = 3 * STATIC_WIDTH;
const V_AS_NEXT = 4 * STATIC_WIDTH;
const V_AS_PREV2 = 5 * STATIC_WIDTH;
const V_AS_NEXT2 = 6 * STATIC_WIDTH;
const V_GAZ_AS_PREV = 7 * STATIC_WIDTH;
const V_GAZ_AS_NEXT = 8 * STATIC_WIDTH;
const VECTORS_WIDTH = 9 * STATIC_WIDTH;

/** log2 of the number of slots of the dense-signature cache (see `StaticScorer.denseSlot`). */
const DENSE_CACHE_BITS = 15;
const DENSE_CACHE_SLOTS = 1 << DENSE_CACHE_BITS;

/** log2 of the number of bits of the inline table's key filter. */
const FILTER_BITS = 19;
const FILTER_MULTIPLIER = 0x2545f491;

/** Bytes of one record of the inline table: key, two row scales, 18 int8 weights, padding. */
const RECORD_BYTES = 32;

/**
 * The static layer packed for look-ups: open addressing over 32-byte records holding the key,
 * the two per-row scales and the 18 int8 weights, so a look-up (hit or miss) touches one cache
 * line. Key 0 marks an empty record (a feature whose id is 0 would be dropped).
 */
export class InlineTable {
  /**
   * One-bit-per-hash filter of the keys (64 KB, stays in L2): most two-word features are not in
   * the pruned model (bigrams hit under 20 %), and the filter answers those without touching
   * the table.
   */
  readonly filter = new Int32Array(1 << (FILTER_BITS - 5));
  readonly keys: Uint32Array;
  readonly scales: Float32Array;
  readonly weights: Int8Array;
  readonly mask: number;
  readonly shift: number;

  constructor(layer: Layer) {
    let bits = 4;
    while (1 << bits < layer.keys.length * 2) bits++;
    const buffer = new ArrayBuffer((1 << bits) * RECORD_BYTES);
    // Filled through locals: this runs once per process, mostly before the JIT has compiled it.
    const keys = new Uint32Array(buffer);
    const scales = new Float32Array(buffer);
    const weights = new Int8Array(buffer);
    const filter = this.filter;
    const mask = (1 << bits) - 1;
    const shift = 32 - bits;
    this.keys = keys;
    this.scales = scales;
    this.weights = weights;
    this.mask = mask;
    this.shift = shift;
    const q = layer.quantised;
    // Float weights only for layers built in memory (training); see `Layer.quantised`.
    const w = q ? undefined : layer.weights;
    const rowKeys = layer.keys;
    for (let row = 0; row < rowKeys.length; row++) {
      const key = rowKeys[row];
      if (key === 0) continue;
      let slot = Math.imul(key, 0x9e3779b1) >>> shift;
      while (keys[slot * 8] !== 0) slot = (slot + 1) & mask;
      keys[slot * 8] = key;
      const bit = Math.imul(key, FILTER_MULTIPLIER) >>> (32 - FILTER_BITS);
      filter[bit >>> 5] |= 1 << (bit & 31);
      if (!w) {
        if (!q) continue;
        // Shipped weights: the row's 18 int8 weights are contiguous (pass 1 then pass 2), as
        // in the record: copied as they are.
        scales[slot * 8 + 1] = q.rowScales[row * 2];
        scales[slot * 8 + 2] = q.rowScales[row * 2 + 1];
        const from = row * STATIC_WIDTH;
        const to = slot * RECORD_BYTES + 12;
        const qq = q.q;
        for (let k = 0; k < STATIC_WIDTH; k++) weights[to + k] = qq[from + k];
        continue;
      }
      for (let block = 0; block < 2; block++) {
        let max = 0;
        for (let l = 0; l < LABEL_COUNT; l++)
          max = Math.max(max, Math.abs(w[row * STATIC_WIDTH + block * LABEL_COUNT + l]));
        const scale = max / 127;
        scales[slot * 8 + 1 + block] = scale;
        for (let l = 0; l < LABEL_COUNT; l++) {
          const k = row * STATIC_WIDTH + block * LABEL_COUNT + l;
          weights[slot * RECORD_BYTES + 12 + block * LABEL_COUNT + l] =
            scale > 0 ? Math.round(w[k] / scale) : 0;
        }
      }
    }
  }

  /** Writes the summed weights (STATIC_WIDTH values) of `features[0..n)` to `target[offset..]`. */
  sum(features: Uint32Array, n: number, target: Float32Array, offset: number): void {
    const keys = this.keys;
    const scales = this.scales;
    const w = this.weights;
    const mask = this.mask;
    const shift = this.shift;
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
    const filter = this.filter;
    for (let f = 0; f < n; f++) {
      const key = features[f];
      const bit = Math.imul(key, FILTER_MULTIPLIER) >>> (32 - FILTER_BITS);
      if ((filter[bit >>> 5] & (1 << (bit & 31))) === 0) continue;
      let slot = Math.imul(key, 0x9e3779b1) >>> shift;
      let k = keys[slot << 3];
      while (k !== key && k !== 0) {
        slot = (slot + 1) & mask;
        k = keys[slot << 3];
      }
      if (k === 0) continue;
      const sa = scales[(slot << 3) + 1];
      const sb = scales[(slot << 3) + 2];
      const b = (slot << 5) + 12;
      a0 += w[b] * sa;
      a1 += w[b + 1] * sa;
      a2 += w[b + 2] * sa;
      a3 += w[b + 3] * sa;
      a4 += w[b + 4] * sa;
      a5 += w[b + 5] * sa;
      a6 += w[b + 6] * sa;
      a7 += w[b + 7] * sa;
      a8 += w[b + 8] * sa;
      b0 += w[b + 9] * sb;
      b1 += w[b + 10] * sb;
      b2 += w[b + 11] * sb;
      b3 += w[b + 12] * sb;
      b4 += w[b + 13] * sb;
      b5 += w[b + 14] * sb;
      b6 += w[b + 15] * sb;
      b7 += w[b + 16] * sb;
      b8 += w[b + 17] * sb;
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
}

/**
 * Computes the static scores of tokens (both passes) as fast as the model allows, with the
 * same result as summing the static layer's weights over `staticFeatures`:
 * - small-domain templates (bias, POS, casing, ...) read precomputed dense tables;
 * - features of a single token's word (its own word, affixes and shape, and the word's role as
 *   a neighbour of other tokens) are summed once per (word, shape) pair and cached (per
 *   process: a memo of a pure function, reset when full);
 * - only the features combining two tokens are hashed and looked up, in the inline table.
 */
export class StaticScorer {
  private readonly table: InlineTable;
  private readonly dense: Float32Array;
  private readonly cacheWord = new Uint32Array(WORD_CACHE_SLOTS);
  private readonly cacheShape = new Uint32Array(WORD_CACHE_SLOTS);
  private readonly cacheUsed = new Uint8Array(WORD_CACHE_SLOTS);
  private readonly vectors = new Float32Array(WORD_CACHE_SLOTS * VECTORS_WIDTH);
  /**
   * Scores of the neighbour features at sentence edges: word before-1, after+1, before-2,
   * after+2, word-list mask before-1, after+1.
   */
  private readonly edges = new Float32Array(6 * STATIC_WIDTH);
  private cacheSize = 0;
  private readonly denseA = new Uint32Array(DENSE_CACHE_SLOTS);
  private readonly denseB = new Uint32Array(DENSE_CACHE_SLOTS);
  private readonly denseUsed = new Uint8Array(DENSE_CACHE_SLOTS);
  private readonly denseSums = new Float32Array(DENSE_CACHE_SLOTS * STATIC_WIDTH);
  private denseSize = 0;
  private readonly signatureSum = new Float32Array(STATIC_WIDTH);
  private slotOf = new Int32Array(256);
  private readonly ids = new Uint32Array(INTRINSIC_FEATURES);

  constructor(layer: Layer) {
    this.table = new InlineTable(layer);
    this.dense = new Float32Array(DENSE_SLOT_IDS.length * STATIC_WIDTH);
    const one = new Uint32Array(1);
    for (let slot = 0; slot < DENSE_SLOT_IDS.length; slot++) {
      one[0] = DENSE_SLOT_IDS[slot];
      this.table.sum(one, 1, this.dense, slot * STATIC_WIDTH);
    }
    const edgeIds = [
      featureId(T_PREV_WORD, BOUNDARY_BEFORE),
      featureId(T_NEXT_WORD, BOUNDARY_AFTER),
      featureId(T_PREV2_WORD, BOUNDARY_BEFORE),
      featureId(T_NEXT2_WORD, BOUNDARY_AFTER),
      featureId(T_PREV_GAZ, 0xffff),
      featureId(T_NEXT_GAZ, 0xfffe),
    ];
    edgeIds.forEach((id, k) => {
      one[0] = id;
      this.table.sum(one, 1, this.edges, k * STATIC_WIDTH);
    });
  }

  /**
   * Writes the static scores (STATIC_WIDTH values per token) of the tokens of sentence
   * [from, to) to `target[i x STATIC_WIDTH ..]`.
   */
  scoreSentence(doc: PreparedDocument, from: number, to: number, target: Float32Array): void {
    const length = to - from;
    if (length > WORD_CACHE_LIMIT >> 1) {
      for (let i = from; i < to; i++) {
        const n = staticFeatures(doc, i, from, to, featureBuffer);
        this.table.sum(featureBuffer, n, target, i * STATIC_WIDTH);
      }
      return;
    }
    if (this.cacheSize + length > WORD_CACHE_LIMIT) {
      this.cacheUsed.fill(0);
      this.cacheSize = 0;
    }
    if (this.slotOf.length < length) this.slotOf = new Int32Array(length * 2);
    const slotOf = this.slotOf;
    for (let i = from; i < to; i++) slotOf[i - from] = this.wordSlot(doc, i) * VECTORS_WIDTH;
    const v = this.vectors;
    const edges = this.edges;
    for (let i = from; i < to; i++) {
      const offset = i * STATIC_WIDTH;
      const n = hashedPairFeatures(doc, i, from, to, featureBuffer, 0);
      this.table.sum(featureBuffer, n, target, offset);
      const own = slotOf[i - from];
      const headline = own + V_HEADLINE + ((doc.flags[i] & FLAG.headline) !== 0 ? STATIC_WIDTH : 0);
      const prev = i - 1 >= from ? slotOf[i - 1 - from] + V_AS_PREV : -1;
      const next = i + 1 < to ? slotOf[i + 1 - from] + V_AS_NEXT : -1;
      const prev2 = i - 2 >= from ? slotOf[i - 2 - from] + V_AS_PREV2 : -1;
      const next2 = i + 2 < to ? slotOf[i + 2 - from] + V_AS_NEXT2 : -1;
      const dense = this.denseSlot(doc, i, from, to) * STATIC_WIDTH;
      const ds = this.denseSums;
      for (let l = 0; l < STATIC_WIDTH; l++) {
        target[offset + l] +=
          v[own + l] +
          v[headline + l] +
          (prev >= 0 ? v[prev + l] : edges[l]) +
          (next >= 0 ? v[next + l] : edges[STATIC_WIDTH + l]) +
          (prev2 >= 0 ? v[prev2 + l] : edges[2 * STATIC_WIDTH + l]) +
          (next2 >= 0 ? v[next2 + l] : edges[3 * STATIC_WIDTH + l]) +
          (prev >= 0 ? v[prev - V_AS_PREV + V_GAZ_AS_PREV + l] : edges[4 * STATIC_WIDTH + l]) +
          (next >= 0 ? v[next - V_AS_NEXT + V_GAZ_AS_NEXT + l] : edges[5 * STATIC_WIDTH + l]) +
          ds[dense + l];
      }
    }
  }

  /**
   * Cache slot of the summed dense-template scores of token `i`. They depend only on a small
   * signature (casing and POS of the token and its neighbours, flags, length, word-list mask),
   * so the sum over the ~12 dense templates is computed once per signature.
   */
  private denseSlot(doc: PreparedDocument, i: number, from: number, to: number): number {
    const cm1 = i - 1 >= from ? doc.casing[i - 1] : 7;
    const cp1 = i + 1 < to ? doc.casing[i + 1] : 8;
    const pm1 = i - 1 >= from ? doc.pos[i - 1] : 19;
    const pp1 = i + 1 < to ? doc.pos[i + 1] : 20;
    const a =
      ((((((doc.runPosition[i] * 8 + doc.runLength[i]) * 16 + cm1) * 16 + cp1) * 8 + doc.casing[i]) * 32 +
        pm1) *
        1024 +
        doc.pos[i] * 32 +
        pp1) >>>
      0;
    const b = ((doc.flags[i] & 15) | (doc.length[i] << 4) | (doc.gazetteer[i] << 8)) >>> 0;
    const mask = DENSE_CACHE_SLOTS - 1;
    let slot = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) >>> (32 - DENSE_CACHE_BITS);
    while (this.denseUsed[slot] === 1) {
      if (this.denseA[slot] === a && this.denseB[slot] === b) return slot;
      slot = (slot + 1) & mask;
    }
    if (this.denseSize >= DENSE_CACHE_SLOTS >> 1) {
      this.denseUsed.fill(0);
      this.denseSize = 0;
      return this.denseSlot(doc, i, from, to);
    }
    this.denseUsed[slot] = 1;
    this.denseA[slot] = a;
    this.denseB[slot] = b;
    this.denseSize++;
    const base = slot * STATIC_WIDTH;
    const sums = this.denseSums;
    for (let l = 0; l < STATIC_WIDTH; l++) sums[base + l] = 0;
    const slots = denseSlots(doc, i, from, to, slotBuffer, 0);
    const dense = this.dense;
    for (let k = 0; k < slots; k++) {
      const d = slotBuffer[k] * STATIC_WIDTH;
      for (let l = 0; l < STATIC_WIDTH; l++) sums[base + l] += dense[d + l];
    }
    const n = tokenSignatureFeatures(doc, i, this.ids, 0);
    this.table.sum(this.ids, n, this.signatureSum, 0);
    for (let l = 0; l < STATIC_WIDTH; l++) sums[base + l] += this.signatureSum[l];
    return slot;
  }

  /** Writes the static scores of token `i` of sentence [from, to) to `target[offset..]`. */
  score(
    doc: PreparedDocument,
    i: number,
    from: number,
    to: number,
    target: Float32Array,
    offset: number,
  ): void {
    const full = new Float32Array(to * STATIC_WIDTH);
    this.scoreSentence(doc, from, to, full);
    for (let l = 0; l < STATIC_WIDTH; l++) target[offset + l] = full[i * STATIC_WIDTH + l];
  }

  /** Cache slot holding the vectors of token `i`'s (word, shape), filled on a miss. */
  private wordSlot(doc: PreparedDocument, i: number): number {
    const word = doc.word[i];
    const shape = doc.shape[i];
    const mask = WORD_CACHE_SLOTS - 1;
    let slot = Math.imul(word ^ Math.imul(shape, 0x9e3779b1), 0x85ebca6b) >>> (32 - WORD_CACHE_BITS);
    while (this.cacheUsed[slot] === 1) {
      if (this.cacheWord[slot] === word && this.cacheShape[slot] === shape) return slot;
      slot = (slot + 1) & mask;
    }
    this.cacheUsed[slot] = 1;
    this.cacheWord[slot] = word;
    this.cacheShape[slot] = shape;
    this.cacheSize++;
    const base = slot * VECTORS_WIDTH;
    const ids = this.ids;
    intrinsicFeatures(doc, i, ids, 0);
    this.table.sum(ids, INTRINSIC_FEATURES, this.vectors, base + V_INTRINSIC);
    const single = (template: number, a: number, b: number, at: number) => {
      ids[0] = featureId(template, a, b);
      this.table.sum(ids, 1, this.vectors, base + at);
    };
    single(T_HEADLINE_WORD, 0, word, V_HEADLINE);
    single(T_HEADLINE_WORD, 1, word, V_HEADLINE + STATIC_WIDTH);
    // As a neighbour: the word and its cluster.
    ids[0] = featureId(T_PREV_WORD, word, 0);
    ids[1] = featureId(T_PREV_CLUSTER, doc.cluster[i], 0);
    this.table.sum(ids, 2, this.vectors, base + V_AS_PREV);
    ids[0] = featureId(T_NEXT_WORD, word, 0);
    ids[1] = featureId(T_NEXT_CLUSTER, doc.cluster[i], 0);
    this.table.sum(ids, 2, this.vectors, base + V_AS_NEXT);
    single(T_PREV2_WORD, word, 0, V_AS_PREV2);
    single(T_NEXT2_WORD, word, 0, V_AS_NEXT2);
    // The word-list mask is a function of the word, so its neighbour features are cached too.
    single(T_PREV_GAZ, doc.gazetteer[i], 0, V_GAZ_AS_PREV);
    single(T_NEXT_GAZ, doc.gazetteer[i], 0, V_GAZ_AS_NEXT);
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
    scorer.scoreSentence(doc, from, to, staticScores);
    for (let i = from; i < to; i++) {
      const offset = i * STATIC_WIDTH;
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

/** Beam search settings of pass 2 (see `decodeSecondPassBeam`). */
export interface BeamOptions {
  readonly width: number;
  readonly temperature: number;
  readonly margin: number;
  /** Sum the raw local scores (x temperature), no softmax: for a pass 2 trained with the beam. */
  readonly raw?: boolean;
}

const beamBase = new Float32Array(LABEL_COUNT);
const beamScores = new Float32Array(LABEL_COUNT);
const labelBuffer = new Uint32Array(PREVIOUS_LABEL_FEATURES);
let beamParents = new Int32Array(1024);
let beamChosen = new Uint8Array(1024);

/**
 * Pass 2 with a beam search over each sentence's label sequence. The perceptron's local scores
 * x `temperature` are turned into log-probabilities (softmax over the labels allowed after the
 * hypothesis' previous label) and summed; the best `width` hypotheses are kept, minus those
 * more than `margin` below the best (so most tokens keep one and cost what greedy does). Width
 * 1 is the greedy decoder. The temperature depends on the scale of the trained weights, so it
 * is stored with the model (chosen on eng.testa). With `raw` (a pass 2 trained with this beam,
 * as a structured perceptron) the local scores x `temperature` are summed as they are: training
 * made their sums comparable across histories.
 */
export function decodeSecondPassBeam(
  doc: PreparedDocument,
  secondPass: Layer,
  staticScores: Float32Array,
  firstPassLabels: Uint8Array,
  beam: BeamOptions,
): Uint8Array {
  const { width, temperature, margin } = beam;
  const normalise = beam.raw !== true;
  const memory = buildDocumentMemory(doc, firstPassLabels);
  const labels = new Uint8Array(doc.tokenCount);
  let score = new Float64Array(width);
  let prev = new Uint8Array(width);
  let prev2 = new Uint8Array(width);
  let nextScore = new Float64Array(width);
  let nextPrev = new Uint8Array(width);
  let nextPrev2 = new Uint8Array(width);
  const candScore = new Float64Array(width * LABEL_COUNT);
  const candFrom = new Int32Array(width * LABEL_COUNT);
  const candLabel = new Uint8Array(width * LABEL_COUNT);
  for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
    const from = doc.sentenceStarts[s];
    const to = doc.sentenceStarts[s + 1];
    if (beamParents.length < (to - from) * width) {
      beamParents = new Int32Array((to - from) * width * 2);
      beamChosen = new Uint8Array((to - from) * width * 2);
    }
    const parents = beamParents;
    const chosen = beamChosen;
    let size = 1;
    score[0] = 0;
    prev[0] = 0;
    prev2[0] = 0;
    for (let i = from; i < to; i++) {
      const end = secondPassFeatures(doc, memory, firstPassLabels, i, from, to, featureBuffer, 0);
      const offset = i * STATIC_WIDTH + LABEL_COUNT;
      for (let l = 0; l < LABEL_COUNT; l++) beamBase[l] = staticScores[offset + l];
      accumulate(secondPass, featureBuffer, 0, end, beamBase);
      let count = 0;
      for (let h = 0; h < size; h++) {
        previousLabelFeatures(doc, i, prev[h], prev2[h], labelBuffer, 0);
        beamScores.set(beamBase);
        accumulate(secondPass, labelBuffer, 0, PREVIOUS_LABEL_FEATURES, beamScores);
        // Local scores as log-probabilities (softmax over the allowed labels), so that scores of
        // different histories add up comparably. With a single history the normaliser is the
        // same for every candidate and does not change their order: skipped.
        let logTotal = 0;
        if (size > 1 && normalise) {
          let max = Number.NEGATIVE_INFINITY;
          for (let l = 0; l < LABEL_COUNT; l++) {
            if (l % 2 === 0 && l > 0 && prev[h] !== l - 1 && prev[h] !== l) continue;
            if (beamScores[l] > max) max = beamScores[l];
          }
          let total = 0;
          for (let l = 0; l < LABEL_COUNT; l++) {
            if (l % 2 === 0 && l > 0 && prev[h] !== l - 1 && prev[h] !== l) continue;
            total += Math.exp((beamScores[l] - max) * temperature);
          }
          logTotal = max * temperature + Math.log(total);
        }
        for (let l = 0; l < LABEL_COUNT; l++) {
          if (l % 2 === 0 && l > 0 && prev[h] !== l - 1 && prev[h] !== l) continue;
          candScore[count] = score[h] + beamScores[l] * temperature - logTotal;
          candFrom[count] = h;
          candLabel[count] = l;
          count++;
        }
      }
      // Keep the `width` best candidates (selection; ties keep the earlier candidate).
      const row = (i - from) * width;
      let keep = 0;
      for (let left = count; keep < width && left > 0; left--) {
        let best = -1;
        for (let c = 0; c < count; c++) {
          if (candFrom[c] < 0) continue;
          if (best < 0 || candScore[c] > candScore[best]) best = c;
        }
        // Hypotheses far below the best one are dropped: most tokens keep one.
        if (keep > 0 && candScore[best] < nextScore[0] - margin) break;
        const h = candFrom[best];
        candFrom[best] = -1;
        // Recombination: the features only see the last two labels, so of two hypotheses
        // ending in the same two labels the lower one can never overtake: dropped.
        let same = false;
        for (let k = 0; k < keep && !same; k++)
          same = nextPrev[k] === candLabel[best] && nextPrev2[k] === prev[h];
        if (same) continue;
        nextScore[keep] = candScore[best];
        nextPrev[keep] = candLabel[best];
        nextPrev2[keep] = prev[h];
        parents[row + keep] = h;
        chosen[row + keep] = candLabel[best];
        keep++;
      }
      [score, nextScore] = [nextScore, score];
      [prev, nextPrev] = [nextPrev, prev];
      [prev2, nextPrev2] = [nextPrev2, prev2];
      size = keep;
    }
    // Hypotheses are kept best first: follow the back-pointers of hypothesis 0.
    let h = 0;
    for (let i = to - 1; i >= from; i--) {
      const row = (i - from) * width;
      labels[i] = chosen[row + h];
      h = parents[row + h];
    }
  }
  return labels;
}
