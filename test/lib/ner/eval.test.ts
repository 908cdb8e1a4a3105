import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tagNames } from '../../../functions/lib/ner/tagger.ts';
import { evaluateConllSet, hasConllData, sharedDataDir } from '../../../scripts/lib/conll.ts';

/** Overall F1 of the shipped model on eng.testb, as reported in MODEL_CARD.md. */
const SHIPPED_TESTB_F1 = 0.8885;

describe.skipIf(!hasConllData())('entity evaluation on CoNLL-2003 eng.testb', () => {
  it('stays within one point of the shipped model F1', () => {
    const file = path.join(sharedDataDir(), 'ner/conll2003/eng.testb');
    const { result } = evaluateConllSet(file, tagNames);
    expect(result.overall.gold).toBe(5648);
    expect(result.overall.f1).toBeGreaterThanOrEqual(SHIPPED_TESTB_F1 - 0.01);
  });
});
