import { readFileSync } from 'node:fs';
import { prepare } from '../../functions/lib/analyze.ts';
import { readParagraph } from '../../functions/lib/nlp.ts';
import { segmentParagraphs } from '../../functions/lib/segment.ts';
import { scoreSentences, scoreTokens, toDetail, toScore } from '../../functions/lib/sentiment.ts';

for (const name of process.argv.slice(2)) {
  const bytes = readFileSync(`samples/${name}`);
  const { text } = prepare(new Uint8Array(bytes), { key: name });
  console.log('==', name);
  segmentParagraphs(text).forEach((span, i) => {
    const p = readParagraph(text.slice(span.start, span.end), span.start);
    const toks = p.tokens.map((t, k) => ({
      text: t.text,
      isWord: p.isWord[k],
      negated: p.negated[k],
      pos: t.pos,
    }));
    const d = toDetail(scoreSentences(toks, p.sentences));
    console.log(i, JSON.stringify(d));
    if (process.env.SENT)
      for (const s of p.sentences)
        console.log(
          '   ',
          JSON.stringify(toScore(scoreTokens(toks.slice(s.start, s.end)))),
          toks
            .slice(s.start, s.end)
            .map((t) => t.text)
            .join(' ')
            .slice(0, 150),
        );
  });
}
