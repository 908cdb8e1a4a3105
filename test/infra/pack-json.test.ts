/**
 * pack-json (the Lambda bundle's post-step): external JSON requires become compressed files that
 * load to the same value, and a bundle that does not match its metafile fails the build.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Metafile, packJson } from '../../infra/bundling/pack-json.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'textlens-pack-json-'));
  mkdirSync(path.join(root, 'src/models'), { recursive: true });
  mkdirSync(path.join(root, 'lib'), { recursive: true });
  mkdirSync(path.join(root, 'out'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const metafile = (imports: Record<string, string[]>): Metafile => ({
  inputs: Object.fromEntries(
    Object.entries(imports).map(([importer, paths]) => [
      importer,
      { imports: paths.map((p) => ({ path: p, external: true })) },
    ]),
  ),
});

describe('packJson', () => {
  it('replaces every external JSON require with a compressed file that loads to the same value', () => {
    const model = { weights: 'AAEC'.repeat(1000), list: [1, 2.5, 'ü'] };
    writeFileSync(path.join(root, 'src/models/big.json'), JSON.stringify(model, null, 2));
    writeFileSync(path.join(root, 'lib/big.json'), '[1, 2, 3]');
    const bundle = path.join(root, 'out/index.js');
    writeFileSync(
      bundle,
      '"use strict";var a=require("./models/big.json"),b=require("./models/big.json"),c=require("./big.json");module.exports={a,b,c};',
    );
    const files = packJson(
      bundle,
      metafile({ 'src/a.js': ['./models/big.json'], 'lib/c.js': ['./big.json'] }),
      root,
    );

    expect(files.map((f) => [f.specifier, f.source])).toEqual([
      ['./models/big.json', 'src/models/big.json'],
      ['./big.json', 'lib/big.json'],
    ]);
    // Same base name, different files: both kept.
    expect(readdirSync(path.join(root, 'out/json')).sort()).toEqual(['big-2.json.br', 'big.json.br']);
    expect(readFileSync(bundle, 'utf8')).not.toContain('.json")');
    const loaded = createRequire(import.meta.url)(bundle);
    expect(loaded.a).toEqual(JSON.parse(readFileSync(path.join(root, 'src/models/big.json'), 'utf8')));
    expect(loaded.b).toEqual(loaded.a);
    expect(loaded.c).toEqual([1, 2, 3]);
    expect(files[0].packedBytes).toBeLessThan(files[0].jsonBytes / 10);
  });

  it('packs a file imported by a relative and by a package path once, and both get the same object', () => {
    mkdirSync(path.join(root, 'node_modules/pkg/data'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules/pkg/data/model.json'), '{"x":[1,2,3]}');
    mkdirSync(path.join(root, 'node_modules/pkg/lib'), { recursive: true });
    const bundle = path.join(root, 'out/index.js');
    writeFileSync(
      bundle,
      'module.exports={a:require("../data/model.json"),b:require("pkg/data/model.json")};',
    );
    const files = packJson(
      bundle,
      metafile({ 'node_modules/pkg/lib/a.js': ['../data/model.json'], 'src/b.js': ['pkg/data/model.json'] }),
      root,
    );
    expect(files.map((f) => f.source)).toEqual([
      'node_modules/pkg/data/model.json',
      'node_modules/pkg/data/model.json',
    ]);
    expect(readdirSync(path.join(root, 'out/json'))).toEqual(['model.json.br']);
    const loaded = createRequire(import.meta.url)(bundle);
    expect(loaded.a).toEqual({ x: [1, 2, 3] });
    // Like Node's require of a JSON file: one parse per process, the same object everywhere.
    expect(loaded.b).toBe(loaded.a);
  });

  it('fails when the bundle lacks a require the metafile lists, or keeps one it does not', () => {
    writeFileSync(path.join(root, 'src/x.json'), '{}');
    const bundle = path.join(root, 'out/index.js');
    writeFileSync(bundle, 'require("./other.json")');
    expect(() => packJson(bundle, metafile({ 'src/a.js': ['./x.json'] }), root)).toThrow(/has no require/);
    writeFileSync(bundle, 'require("./x.json");require("./other.json")');
    expect(() => packJson(bundle, metafile({ 'src/a.js': ['./x.json'] }), root)).toThrow(
      /left in the bundle/,
    );
  });

  it('fails when one import path means two files', () => {
    writeFileSync(path.join(root, 'src/x.json'), '{}');
    writeFileSync(path.join(root, 'lib/x.json'), '{}');
    const bundle = path.join(root, 'out/index.js');
    writeFileSync(bundle, 'require("./x.json")');
    expect(() =>
      packJson(bundle, metafile({ 'src/a.js': ['./x.json'], 'lib/b.js': ['./x.json'] }), root),
    ).toThrow(/cannot tell them apart/);
  });
});
