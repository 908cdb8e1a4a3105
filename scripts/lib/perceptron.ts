/**
 * Averaged perceptron over hashed features, for training the name tagger, and export of its
 * weights to the shipped (pruned, int8-quantised) layer format.
 */
import { LABEL_COUNT } from '../../functions/lib/ner/features.ts';
import { bytesToBase64, type SerializedLayer } from '../../functions/lib/ner/model.ts';

/** Maps 32-bit feature ids to dense row numbers (shared by the models of one training run). */
export class FeatureIndex {
  private readonly rows = new Map<number, number>();
  readonly keys: number[] = [];

  /** Row of `key`, creating it when new. */
  rowOf(key: number): number {
    let row = this.rows.get(key);
    if (row === undefined) {
      row = this.keys.length;
      this.rows.set(key, row);
      this.keys.push(key);
    }
    return row;
  }

  /** Row of `key`, or -1 (never creates one). */
  find(key: number): number {
    return this.rows.get(key) ?? -1;
  }

  get size(): number {
    return this.keys.length;
  }
}

/**
 * Multiclass averaged perceptron (Collins 2002) with lazy averaging: each weight remembers when
 * it last changed, so an update costs O(features) instead of O(all weights).
 */
export class AveragedPerceptron {
  weights = new Float32Array(0);
  private totals = new Float64Array(0);
  private stamps = new Int32Array(0);
  /** Number of training instances seen (the averaging clock). */
  clock = 0;

  private ensure(rows: number): void {
    const needed = rows * LABEL_COUNT;
    if (needed <= this.weights.length) return;
    let capacity = Math.max(1024, this.weights.length);
    while (capacity < needed) capacity *= 2;
    const grow = <T extends Float32Array | Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.weights = grow(this.weights, (n) => new Float32Array(n));
    this.totals = grow(this.totals, (n) => new Float64Array(n));
    this.stamps = grow(this.stamps, (n) => new Int32Array(n));
  }

  /** Adds the current weights of `rows[from..to)` to `scores`. */
  score(rows: Int32Array, from: number, to: number, scores: Float32Array): void {
    const w = this.weights;
    for (let f = from; f < to; f++) {
      const base = rows[f] * LABEL_COUNT;
      if (base + LABEL_COUNT > w.length) continue;
      for (let l = 0; l < LABEL_COUNT; l++) scores[l] += w[base + l];
    }
  }

  /** Moves the weights of `rows[from..to)` towards `gold` and away from `predicted` by `step`. */
  update(
    rows: Int32Array,
    from: number,
    to: number,
    gold: number,
    predicted: number,
    maxRow: number,
    step = 1,
  ): void {
    this.ensure(maxRow + 1);
    for (let f = from; f < to; f++) {
      const base = rows[f] * LABEL_COUNT;
      this.bump(base + gold, step);
      this.bump(base + predicted, -step);
    }
  }

  /** Adds `step` to the weights of `label` for `rows[from..to)`. */
  add(rows: Int32Array, from: number, to: number, label: number, maxRow: number, step: number): void {
    this.ensure(maxRow + 1);
    for (let f = from; f < to; f++) this.bump(rows[f] * LABEL_COUNT + label, step);
  }

  private bump(index: number, delta: number): void {
    this.totals[index] += (this.clock - this.stamps[index]) * this.weights[index];
    this.stamps[index] = this.clock;
    this.weights[index] += delta;
  }

  /** Averaged weights (rows x LABEL_COUNT), for `rowCount` rows. */
  averaged(rowCount: number): Float32Array {
    this.ensure(rowCount);
    const out = new Float32Array(rowCount * LABEL_COUNT);
    const clock = Math.max(1, this.clock);
    for (let i = 0; i < out.length; i++) {
      out[i] = (this.totals[i] + (this.clock - this.stamps[i]) * this.weights[i]) / clock;
    }
    return out;
  }
}

/**
 * Exports a pruned, int8-quantised layer from averaged weights. `blocks` are weight matrices
 * (rows x LABEL_COUNT each) over the same index whose columns are concatenated per row (the
 * static layer has pass-1 and pass-2 blocks). Only rows in [fromRow, toRow) with some non-zero
 * weight are kept, the `maxRows` strongest at most; keys are sorted so that equal training
 * gives equal bytes.
 */
export function exportLayer(
  index: FeatureIndex,
  blocks: Float32Array[],
  fromRow: number,
  toRow: number,
  maxRows: number,
): SerializedLayer {
  const strength: { row: number; norm: number }[] = [];
  for (let row = fromRow; row < toRow; row++) {
    let norm = 0;
    for (const block of blocks) {
      for (let l = 0; l < LABEL_COUNT; l++) norm = Math.max(norm, Math.abs(block[row * LABEL_COUNT + l]));
    }
    if (norm > 0) strength.push({ row, norm });
  }
  strength.sort((a, b) => b.norm - a.norm || a.row - b.row);
  const rows = strength
    .slice(0, maxRows)
    .map((s) => s.row)
    .sort((a, b) => index.keys[a] - index.keys[b]);
  // Per-row, per-block scales: a row's largest |weight| maps to ~127, so small-weight rows keep
  // their resolution. The scale is stored as one byte: base x 2^(code / 8).
  const width = LABEL_COUNT * blocks.length;
  const quantised = new Int8Array(rows.length * width);
  const rowScales = new Uint8Array(rows.length * blocks.length);
  const scales = blocks.map((block) => {
    let min = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      let max = 0;
      for (let l = 0; l < LABEL_COUNT; l++) max = Math.max(max, Math.abs(block[row * LABEL_COUNT + l]));
      if (max > 0) min = Math.min(min, max / 127);
    }
    return Number.isFinite(min) ? min : 1;
  });
  rows.forEach((row, i) => {
    blocks.forEach((block, b) => {
      let max = 0;
      for (let l = 0; l < LABEL_COUNT; l++) max = Math.max(max, Math.abs(block[row * LABEL_COUNT + l]));
      const code = max > 0 ? Math.min(255, Math.max(0, Math.ceil(8 * Math.log2(max / 127 / scales[b])))) : 0;
      rowScales[i * blocks.length + b] = code;
      const scale = scales[b] * 2 ** (code / 8);
      for (let l = 0; l < LABEL_COUNT; l++) {
        const q = Math.round(block[row * LABEL_COUNT + l] / scale);
        quantised[i * width + b * LABEL_COUNT + l] = Math.max(-127, Math.min(127, q));
      }
    });
  });
  const keys = Uint32Array.from(rows.map((r) => index.keys[r]));
  return {
    keys: bytesToBase64(new Uint8Array(keys.buffer)),
    weights: bytesToBase64(new Uint8Array(quantised.buffer)),
    rowScales: bytesToBase64(rowScales),
    scales,
  };
}
