/**
 * Report v2 enrichment: turns the grouped entities of v1 into v2 document entities (aliases
 * merged, sentiment, salience, sorted by salience) and adds key phrases and the sentiment arc.
 * Called by `analyze.ts` once the paragraphs are built; pure and O(n) in the document size.
 */
import { type MergedEntity, mergeAliases } from './aliases.ts';
import { magnitudeOf, sentimentArc } from './arc.ts';
import { entitySentiment } from './entity-sentiment.ts';
import { extractKeyPhrases, type PhraseParagraph } from './keyphrases.ts';
import { salienceOf } from './salience.ts';
import type {
  DocumentEntity,
  EntitySentiment,
  KeyPhrase,
  ParagraphReport,
  ReportEntity,
  SentimentArc,
} from './types.ts';

export interface EnrichInput {
  text: string;
  title?: string;
  paragraphs: readonly ParagraphReport[];
  /** Tokens (with POS tags) and sentence token ranges per paragraph, for key phrases. */
  phraseParagraphs: readonly PhraseParagraph[];
  /** Positive and negative evidence per paragraph (sentiment tallies), for magnitudes. */
  paragraphEvidence: ReadonlyArray<{ positiveSum: number; negativeSum: number }>;
  /** False for non-English text: no entity sentiment, no key phrases. */
  english: boolean;
}

export interface Enrichment {
  entities: ReportEntity[];
  keyPhrases: KeyPhrase[];
  sentimentArc: SentimentArc;
}

/** Most salient first; ties: most mentions, then first mentioned. */
export function bySalience(a: ReportEntity, b: ReportEntity): number {
  return b.salience - a.salience || b.count - a.count || a.mentions[0].start - b.mentions[0].start;
}

/** A merged entity with its scores, as the report lists it (field order is the contract's). */
export function toReportEntity(
  entity: MergedEntity,
  salience: number,
  sentiment: EntitySentiment | undefined,
): ReportEntity {
  return {
    text: entity.text,
    type: entity.type,
    count: entity.count,
    mentions: entity.mentions,
    aliases: entity.aliases,
    salience,
    ...(sentiment && { sentiment }),
  };
}

/** Computes the v2 additions of a report. */
export function enrichReport(input: EnrichInput, grouped: readonly DocumentEntity[]): Enrichment {
  const merged = mergeAliases(grouped);
  const salience = salienceOf(merged, {
    textLength: input.text.length,
    paragraphs: input.paragraphs.length,
    title: input.title,
    firstParagraph: input.paragraphs[0]?.text,
  });
  const entities = merged.map((entity, i) =>
    toReportEntity(
      entity,
      salience[i],
      input.english ? entitySentiment(entity, input.paragraphs) : undefined,
    ),
  );
  entities.sort(bySalience);
  return {
    entities,
    keyPhrases: input.english ? extractKeyPhrases(input.phraseParagraphs, input.text) : [],
    sentimentArc: sentimentArc(
      input.paragraphs.map((p, i) => ({
        comparative: p.sentiment.comparative,
        magnitude: magnitudeOf(input.paragraphEvidence[i]),
      })),
    ),
  };
}
