import { describe, expect, it } from 'vitest';
import { InlineTable } from '../../../functions/lib/ner/decoder.ts';
import shipped from '../../../functions/lib/ner/model/ner.json' with { type: 'json' };
import {
  decodeModel,
  decodeSortedKeys,
  encodeSortedKeys,
  type SerializedModel,
} from '../../../functions/lib/ner/model.ts';

describe('model decoding', () => {
  it('round-trips sorted keys through their varint encoding', () => {
    const keys = Uint32Array.from([0, 1, 127, 128, 16_383, 16_384, 2 ** 31, 2 ** 32 - 1]);
    expect(decodeSortedKeys(encodeSortedKeys(keys))).toEqual(keys);
  });

  it("scores the static layer's features from the shipped int8 weights as from its float weights", () => {
    const model = decodeModel(shipped as SerializedModel);
    const layer = model.staticLayer;
    const fromQuantised = new InlineTable(layer);
    // The float weights are decoded lazily (only training reads them); a table built from them
    // alone re-quantises each row and must score every feature as the shipped bytes do.
    const fromFloats = new InlineTable({
      keys: layer.keys,
      width: layer.width,
      table: layer.table,
      weights: layer.weights,
    });
    const one = new Uint32Array(1);
    const a = new Float32Array(18);
    const b = new Float32Array(18);
    let exact = 0;
    let requantised = 0;
    for (let row = 0; row < layer.keys.length; row++) {
      one[0] = layer.keys[row];
      fromQuantised.sum(one, 1, a, 0);
      fromFloats.sum(one, 1, b, 0);
      for (let block = 0; block < 2; block++) {
        let max = 0;
        for (let l = block * 9; l < block * 9 + 9; l++)
          max = Math.max(max, Math.abs(layer.weights[row * 18 + l]));
        if (max === 0) continue;
        for (let l = block * 9; l < block * 9 + 9; l++) {
          exact = Math.max(exact, Math.abs(a[l] - layer.weights[row * 18 + l]) / max);
          requantised = Math.max(requantised, Math.abs(b[l] - a[l]) / max);
        }
      }
    }
    // The shipped bytes give back the decoded weights (up to float32 rounding of the scale);
    // re-quantising a row moves a weight by at most half a step of 1/127 of its largest weight.
    expect(exact).toBeLessThan(1e-5);
    expect(requantised).toBeLessThan(1 / 127);
    // Same keys in the same records (word 0 of each 32-byte record).
    let misplaced = 0;
    for (let i = 0; i < fromQuantised.keys.length; i += 8)
      if (fromQuantised.keys[i] !== fromFloats.keys[i]) misplaced++;
    expect(misplaced).toBe(0);
  });
});
