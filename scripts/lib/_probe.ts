import { readParagraph } from '../../functions/lib/nlp.ts';

for (const t of process.argv.slice(2)) {
  const p = readParagraph(t, 0);
  console.log(
    p.tokens.map((x, i) => `${x.text}/${x.pos}${p.negated[i] ? '~' : ''}${p.isWord[i] ? '' : '#'}`).join(' '),
    JSON.stringify(p.sentences),
  );
}
