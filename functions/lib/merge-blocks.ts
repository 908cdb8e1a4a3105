/**
 * Merges the analyses of the blocks of a large document into one report summary.
 *
 * A document longer than one block (`document-analyzer.ts`) is analysed block by block; each
 * block's paragraphs are final when the block is done and leave memory then. What stays is
 * small and additive: counts, the sentiment tally, the arc's two numbers per paragraph, and per
 * entity and key phrase their counts, a capped list of mentions and the evidence for salience
 * and entity sentiment. At the end entities are merged across blocks (same text and type, then
 * the alias rules of `aliases.ts`) and scored.
 *
 * What differs from analysing the whole text at once (documented in docs/large-articles.md):
 * the name tagger's document memory and the alias rules inside a block see that block only;
 * key phrases are ranked by their per-block scores; an entity's spread counts a paragraph twice
 * when two of its aliases are first seen apart and mention it; mentions are listed up to
 * {@link MENTIONS_PER_ENTITY} per entity (its `count` is complete); the least salient entities
 * beyond {@link MAX_ENTITIES} are left out.
 */
import { aliasGroups, type MergedEntity } from './aliases.ts';
import type { TextAnalysis } from './analyze-text.ts';
import { magnitudeOf, round4, sentimentArc } from './arc.ts';
import { bySalience, toReportEntity } from './enrich.ts';
import { normalizeEntityText } from './entities.ts';
import {
  addSentimentStats,
  entitySentimentStats,
  type SentimentStats,
  toEntitySentiment,
} from './entity-sentiment.ts';
import { KEY_PHRASE_LIMIT } from './keyphrases.ts';
import { type SalienceFacts, salienceFromFacts } from './salience.ts';
import { type SentimentTally, toScore } from './sentiment.ts';
import type {
  BlockAnalysis,
  DocumentSentiment,
  EntityMention,
  EntitySentiment,
  EntityType,
  KeyPhrase,
  ReportEntity,
  SentimentArc,
} from './types.ts';

/** Most mentions kept per entity and key phrase in a block-analysed report. */
export const MENTIONS_PER_ENTITY = 100;
/** Most entities listed in a block-analysed report (the most salient). */
export const MAX_ENTITIES = 5_000;

interface EntityTotal {
  type: EntityType;
  /** Canonical text of each block's entity, with its mention count there. */
  surfaces: Map<string, number>;
  aliases: Set<string>;
  count: number;
  paragraphs: number;
  first: number;
  inParagraph0: boolean;
  inParagraph1: boolean;
  mentions: EntityMention[];
  sentiment?: SentimentStats;
}

interface PhraseTotal {
  surfaces: Map<string, number>;
  count: number;
  /** Sum of the phrase's score (0..1) in each block where it was a key phrase. */
  score: number;
  first: number;
  mentions: EntityMention[];
}

/** The block-dependent parts of a report, merged. */
export interface MergedBlocks {
  stats: TextAnalysis['stats'];
  blocks: BlockAnalysis;
  sentiment: DocumentSentiment;
  entities: ReportEntity[];
  keyPhrases: KeyPhrase[];
  sentimentArc: SentimentArc;
  /** Text of paragraph 0 (salience compares it with the title). */
  firstParagraph?: string;
}

function addMentions(into: EntityMention[], from: readonly EntityMention[]): void {
  for (const m of from) {
    if (into.length >= MENTIONS_PER_ENTITY) return;
    into.push(m);
  }
}

function mostFrequent(surfaces: ReadonlyMap<string, number>): string {
  let text = '';
  let best = -1;
  for (const [surface, n] of surfaces) {
    if (n > best) {
      text = surface;
      best = n;
    }
  }
  return text;
}

/** Accumulates block analyses (in document order, offsets already document offsets). */
export class BlockMerger {
  private readonly entities = new Map<string, EntityTotal>();
  private readonly phrases = new Map<string, PhraseTotal>();
  private readonly tally: Omit<SentimentTally, 'positive' | 'negative'> = {
    score: 0,
    words: 0,
    positiveSum: 0,
    negativeSum: 0,
  };
  private readonly stats = { characters: 0, paragraphs: 0, sentences: 0, tokens: 0, words: 0 };
  private readonly comparative: number[] = [];
  private readonly magnitude: number[] = [];
  private blockCount = 0;
  private maxChars = 0;
  private firstParagraph?: string;
  private english = true;

  /** Adds one block's analysis. */
  add(block: TextAnalysis): void {
    this.blockCount++;
    this.maxChars = Math.max(this.maxChars, block.stats.characters);
    this.english = block.language.english;
    this.stats.paragraphs += block.stats.paragraphs;
    this.stats.sentences += block.stats.sentences;
    this.stats.tokens += block.stats.tokens;
    this.stats.words += block.stats.words;
    this.tally.score += block.tally.score;
    this.tally.words += block.tally.words;
    this.tally.positiveSum += block.tally.positiveSum;
    this.tally.negativeSum += block.tally.negativeSum;
    for (const c of block.sentimentArc.comparative) this.comparative.push(c);
    for (const m of block.sentimentArc.magnitude) this.magnitude.push(m);
    if (this.firstParagraph === undefined && block.paragraphs.length > 0) {
      this.firstParagraph = block.paragraphs[0].text;
    }

    const base = block.paragraphs[0]?.index ?? 0;
    const paragraphAt = (i: number) => block.paragraphs[i - base];
    for (const entity of block.entities) {
      const key = `${entity.type}\u0000${normalizeEntityText(entity.text)}`;
      let total = this.entities.get(key);
      if (!total) {
        total = {
          type: entity.type,
          surfaces: new Map(),
          aliases: new Set(),
          count: 0,
          paragraphs: 0,
          first: entity.mentions[0].start,
          inParagraph0: false,
          inParagraph1: false,
          mentions: [],
        };
        this.entities.set(key, total);
      }
      total.surfaces.set(entity.text, (total.surfaces.get(entity.text) ?? 0) + entity.count);
      for (const alias of entity.aliases) total.aliases.add(alias);
      total.count += entity.count;
      const seen = new Set<number>();
      for (const m of entity.mentions) {
        seen.add(m.paragraph);
        if (m.paragraph === 0) total.inParagraph0 = true;
        if (m.paragraph === 1) total.inParagraph1 = true;
      }
      total.paragraphs += seen.size;
      addMentions(total.mentions, entity.mentions);
      if (this.english) {
        const stats = entitySentimentStats(entity.mentions, paragraphAt);
        total.sentiment = total.sentiment ? addSentimentStats(total.sentiment, stats) : stats;
      }
    }
    for (const phrase of block.keyPhrases) {
      const key = phrase.text.toLowerCase();
      let total = this.phrases.get(key);
      if (!total) {
        total = { surfaces: new Map(), count: 0, score: 0, first: phrase.mentions[0].start, mentions: [] };
        this.phrases.set(key, total);
      }
      total.surfaces.set(phrase.text, (total.surfaces.get(phrase.text) ?? 0) + phrase.count);
      total.count += phrase.count;
      total.score += phrase.score;
      addMentions(total.mentions, phrase.mentions);
    }
  }

  /**
   * The merged report parts.
   *
   * @param characters length of the whole extracted text
   * @param title the document's title, if the extractor found one
   */
  finish(characters: number, title?: string): MergedBlocks {
    this.stats.characters = characters;
    const totals = [...this.entities.values()];
    const groups = aliasGroups(
      totals.map((t) => ({
        text: mostFrequent(t.surfaces),
        type: t.type,
        count: t.count,
        mentions: t.mentions,
      })),
    );
    const facts: SalienceFacts[] = [];
    const merged: Array<{ entity: MergedEntity; sentiment?: EntitySentiment }> = [];
    for (const { members, best } of groups) {
      const parts = members.map((m) => totals[m]);
      const text = mostFrequent(totals[best].surfaces);
      const aliases = new Set<string>();
      for (const part of parts) {
        for (const surface of part.surfaces.keys()) aliases.add(surface);
        for (const alias of part.aliases) aliases.add(alias);
      }
      aliases.delete(text);
      const mentions = parts
        .flatMap((p) => p.mentions)
        .sort((a, b) => a.start - b.start)
        .slice(0, MENTIONS_PER_ENTITY);
      let sentiment: SentimentStats | undefined;
      for (const part of parts) {
        if (part.sentiment)
          sentiment = sentiment ? addSentimentStats(sentiment, part.sentiment) : part.sentiment;
      }
      const count = parts.reduce((n, p) => n + p.count, 0);
      merged.push({
        entity: { text, type: totals[best].type, count, mentions, aliases: [...aliases] },
        sentiment: sentiment && toEntitySentiment(sentiment),
      });
      facts.push({
        type: totals[best].type,
        text,
        aliases: [...aliases],
        count,
        paragraphs: parts.reduce((n, p) => n + p.paragraphs, 0),
        first: Math.min(...parts.map((p) => p.first)),
        inParagraph0: parts.some((p) => p.inParagraph0),
        inParagraph1: parts.some((p) => p.inParagraph1),
      });
    }
    const salience = salienceFromFacts(facts, {
      textLength: characters,
      paragraphs: this.stats.paragraphs,
      title,
      firstParagraph: this.firstParagraph,
    });
    const entities = merged.map(({ entity, sentiment }, i) => toReportEntity(entity, salience[i], sentiment));
    entities.sort(bySalience);
    const omittedEntities = Math.max(0, entities.length - MAX_ENTITIES);
    entities.length -= omittedEntities;

    const phrases = [...this.phrases.values()].sort((a, b) => b.score - a.score || a.first - b.first);
    const top = phrases.slice(0, KEY_PHRASE_LIMIT);
    const best = top.length > 0 ? top[0].score : 1;
    const keyPhrases: KeyPhrase[] = top.map((p) => ({
      text: mostFrequent(p.surfaces),
      count: p.count,
      score: round4(p.score / best),
      mentions: p.mentions,
    }));

    const tally = { ...this.tally, positive: [], negative: [] };
    return {
      stats: { ...this.stats },
      blocks: {
        count: this.blockCount,
        maxChars: this.maxChars,
        mentionsPerEntity: MENTIONS_PER_ENTITY,
        omittedEntities,
      },
      sentiment: { ...toScore(tally), magnitude: magnitudeOf(tally) },
      entities,
      keyPhrases,
      sentimentArc: sentimentArc(
        this.comparative.map((comparative, i) => ({ comparative, magnitude: this.magnitude[i] })),
      ),
      firstParagraph: this.firstParagraph,
    };
  }
}
