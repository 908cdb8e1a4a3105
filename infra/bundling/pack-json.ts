/**
 * Post-bundling step of the Lambda bundle: ships the models (JSON files) brotli-compressed beside
 * `index.js` instead of as JavaScript object literals inside it.
 *
 * Why: the models are ~5.7 MB of the 6.3 MB bundle (wink-eng-lite-web-model's JSON files, the
 * NER model `functions/lib/ner/model/ner.json`). As literals in index.js they are read, parsed
 * and compiled as JavaScript at every cold start and count in full towards the package size;
 * compressed they take a third of the disk, and `JSON.parse` of the inflated text is faster than
 * compiling the same data as a JavaScript literal.
 *
 * How: esbuild leaves every `*.json` import external (`LAMBDA_BUNDLE.packedImports`,
 * infra/settings.ts), so index.js keeps `require("<path as written>.json")`; its metafile says
 * which source file each of those comes from. This step writes each file, minified and brotli-
 * compressed, to `json/<name>.br` and replaces each `require("…json")` with an expression that
 * inflates and parses it once per process (`node:zlib` and `node:fs`, in every Node.js runtime). Nothing in the
 * sources changes: the same modules import the same JSON under tsx, vitest and the bundle.
 *
 * Run by NodejsFunction's `afterBundling` hook (infra/constructs/analyze-function.ts) as
 * `node --import tsx infra/bundling/pack-json.ts <outputDir> <projectRoot>`, and by the bundle
 * test through {@link packJson}. Fails the build when the bundle and the metafile disagree.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

/** Folder (inside the asset) of the compressed JSON files. */
export const PACKED_JSON_DIR = 'json';

/**
 * Brotli quality. 11 saves another ~10% but takes ~7 s per synth; 5 compresses the models in
 * ~0.3 s, and inflating is ~10 ms per MB at any quality.
 */
const QUALITY = 5;

/** The parts of an esbuild metafile this step reads. */
export interface Metafile {
  inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
}

export interface PackedFile {
  /** The import path as written in the source (what index.js requires). */
  specifier: string;
  /** Source file, relative to the project root. */
  source: string;
  /** File inside the asset. */
  packed: string;
  jsonBytes: number;
  packedBytes: number;
}

/** Where each external JSON import of the bundle comes from (specifier -> source file). */
function externalJsonImports(metafile: Metafile, root: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [importer, { imports }] of Object.entries(metafile.inputs)) {
    for (const entry of imports) {
      if (!entry.external || !entry.path.endsWith('.json')) continue;
      // A relative path from the importer's folder, or a package path resolved as Node would.
      const absolute = entry.path.startsWith('.')
        ? path.resolve(root, path.dirname(importer), entry.path)
        : createRequire(path.resolve(root, importer)).resolve(entry.path);
      const source = path.relative(root, absolute);
      const known = sources.get(entry.path);
      if (known !== undefined && known !== source) {
        throw new Error(`pack-json: "${entry.path}" means ${known} and ${source}; cannot tell them apart`);
      }
      sources.set(entry.path, source);
    }
  }
  return sources;
}

/**
 * The expression that replaces `require("<specifier>")`: the file inflated and parsed, relative
 * to the bundle's own folder (`__dirname` of the CommonJS bundle), once per process: like
 * Node's `require` of a JSON file, every import of the same file gets the same object.
 */
function loaderExpression(packed: string): string {
  // Keyed by the file's absolute path, as Node's require cache is.
  const file = `require("node:path").join(__dirname,${JSON.stringify(packed)})`;
  const parse =
    'JSON.parse(require("node:zlib").brotliDecompressSync(require("node:fs").readFileSync(f)).toString())';
  return `((f)=>(globalThis[Symbol.for("textlens.packedJson")]??={})[f]??=${parse})(${file})`;
}

/**
 * Packs the external JSON imports of a CommonJS bundle (see the module comment).
 *
 * @param bundleFile the bundle esbuild wrote (its folder receives `json/`)
 * @param metafile esbuild's metafile of that build
 * @param root the folder esbuild ran in (metafile paths are relative to it)
 */
export function packJson(bundleFile: string, metafile: Metafile, root: string): PackedFile[] {
  const outDir = path.dirname(bundleFile);
  let code = readFileSync(bundleFile, 'utf8');
  const packedDir = path.join(outDir, PACKED_JSON_DIR);
  rmSync(packedDir, { recursive: true, force: true });
  mkdirSync(packedDir, { recursive: true });
  const names = new Set<string>();
  /** Source file -> its packed file (a file imported under two paths is packed once). */
  const packedOf = new Map<string, { packed: string; jsonBytes: number; packedBytes: number }>();
  const files: PackedFile[] = [];
  for (const [specifier, source] of externalJsonImports(metafile, root)) {
    const call = `require(${JSON.stringify(specifier)})`;
    const uses = code.split(call).length - 1;
    if (uses === 0) throw new Error(`pack-json: ${path.basename(bundleFile)} has no ${call}`);
    let done = packedOf.get(source);
    if (!done) {
      let name = path.basename(source);
      for (let i = 2; names.has(name); i++) name = `${path.basename(source, '.json')}-${i}.json`;
      names.add(name);
      // Parsed and re-serialised: a malformed file fails here, and white space is not shipped.
      const json = JSON.stringify(JSON.parse(readFileSync(path.join(root, source), 'utf8')));
      const compressed = brotliCompressSync(json, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(json),
        },
      });
      done = {
        packed: `${PACKED_JSON_DIR}/${name}.br`,
        jsonBytes: Buffer.byteLength(json),
        packedBytes: compressed.length,
      };
      writeFileSync(path.join(outDir, done.packed), compressed);
      packedOf.set(source, done);
    }
    code = code.split(call).join(loaderExpression(done.packed));
    files.push({ specifier, source, ...done });
  }
  const left = code.match(/require\("[^"]*\.json"\)/);
  if (left) throw new Error(`pack-json: ${left[0]} is left in the bundle (not in the metafile)`);
  writeFileSync(bundleFile, code);
  return files;
}

/** CLI: `pack-json.ts <outputDir> [root]`, for the bundle NodejsFunction writes (index.js + index.meta.json). */
function main(argv: readonly string[]): void {
  const [outputDir, root = process.cwd()] = argv;
  if (!outputDir) throw new Error('usage: pack-json.ts <outputDir> [projectRoot]');
  const metafilePath = path.join(outputDir, 'index.meta.json');
  const metafile = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const files = packJson(path.join(outputDir, 'index.js'), metafile, root);
  // The metafile is a build artefact, not part of the function.
  rmSync(metafilePath);
  const unique = [...new Map(files.map((f) => [f.packed, f])).values()];
  const total = (key: 'jsonBytes' | 'packedBytes') => unique.reduce((sum, f) => sum + f[key], 0);
  process.stderr.write(
    `pack-json: ${unique.length} JSON files, ${(total('jsonBytes') / 1048576).toFixed(2)} MiB -> ${(total('packedBytes') / 1048576).toFixed(2)} MiB (brotli) in ${PACKED_JSON_DIR}/\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
