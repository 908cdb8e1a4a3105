/**
 * Evaluates the shipped name tagger on CoNLL-2003 eng.testb (final evaluation set: never tune
 * on it) and measures its speed.
 *
 *   npm run eval:ner                 # default model
 *   npm run eval:ner -- --model functions/lib/ner/model/ner-permissive.json
 *   npm run eval:ner -- --set eng.testa
 *
 * Scoring is conlleval's: exact span and type; GROUP and MISC both count as MISC. Exits 0 with
 * a message when ../shared/data is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeModel, type NerModel, type SerializedModel } from '../functions/lib/ner/model.ts';
import { tagNames, tagNamesWithModel } from '../functions/lib/ner/tagger.ts';
import { evaluateConllSet, formatResult, hasConllData, measureSpeed, sharedDataDir } from './lib/conll.ts';

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const dataDir = sharedDataDir();
  if (!hasConllData(dataDir)) {
    console.log(`eval:ner skipped: no CoNLL-2003 data at ${dataDir}`);
    return;
  }
  const set = option('--set') ?? 'eng.testb';
  const modelFile = option('--model');
  let model: NerModel | undefined;
  if (modelFile) {
    if (!existsSync(modelFile)) throw new Error(`no model file ${modelFile}`);
    model = decodeModel(JSON.parse(readFileSync(modelFile, 'utf8')) as SerializedModel);
  }
  const tag = model ? tagNamesWithModel.bind(null, model) : tagNames;
  const { result, documents } = evaluateConllSet(path.join(dataDir, 'ner/conll2003', set), tag);
  console.log(`${set} (${result.tokens} tokens), model ${modelFile ?? 'functions/lib/ner/model/ner.json'}`);
  console.log(formatResult(result));
  const speed = measureSpeed(documents, tag);
  console.log(`tagNames: ${(speed.taggerTokensPerSecond / 1e6).toFixed(2)}M tokens/s (one core, warm)`);
  console.log(`wink readDoc + POS for reference: ${(speed.winkTokensPerSecond / 1e6).toFixed(2)}M tokens/s`);
}

main();
