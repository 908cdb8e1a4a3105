/**
 * Extract stage: decoded text -> plain article text, by format.
 *
 * Output layout: for Markdown and HTML every block (heading, paragraph, list item, table row,
 * quote) becomes one paragraph and paragraphs are separated by one blank line ("\n\n"), so the
 * segmenter sees them as separate. All report offsets point into this extracted text. For plain
 * text the extracted text is the decoded text unchanged.
 */
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import { type Token as MdToken, marked, type Tokens } from 'marked';
import type { DocumentFormat } from './types.ts';

/** Extracted article text. */
export interface ExtractedText {
  text: string;
  /** Title found in the markup (HTML <title>/<h1>, first Markdown heading), if any. */
  title?: string;
}

/** Collapses HTML-style white space runs (not no-break spaces, which are content). */
function collapseSpaces(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ').trim();
}

function joinBlocks(blocks: string[]): string {
  return blocks.filter((block) => block.length > 0).join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Markdown

function inlineText(tokens: MdToken[] | undefined, out: string[]): void {
  if (!tokens) return;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'escape':
        if ('tokens' in token && token.tokens && token.tokens.length > 0) inlineText(token.tokens, out);
        else out.push(decodeHTML(token.text));
        break;
      case 'codespan':
        out.push(decodeHTML(token.text));
        break;
      case 'br':
        out.push('\n');
        break;
      case 'html':
        out.push(extractHtml(token.text).text);
        break;
      case 'image':
        // Alt text is part of the prose only when it is given; the URL never is.
        break;
      default:
        if ('tokens' in token && token.tokens) inlineText(token.tokens, out);
        else if ('text' in token && typeof token.text === 'string') out.push(decodeHTML(token.text));
    }
  }
}

function inline(tokens: MdToken[] | undefined): string {
  const out: string[] = [];
  inlineText(tokens, out);
  // Soft line breaks stay as "\n" (a hard-wrapped paragraph); blank lines cannot occur inside.
  return out
    .join('')
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim();
}

function markdownBlocks(tokens: MdToken[], blocks: string[], state: { title?: string }): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading': {
        const text = inline(token.tokens);
        if (state.title === undefined && text) state.title = text;
        blocks.push(text);
        break;
      }
      case 'paragraph':
        blocks.push(inline(token.tokens));
        break;
      case 'text':
        blocks.push(inline((token as Tokens.Text).tokens ?? [token]));
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) markdownBlocks(item.tokens, blocks, state);
        break;
      case 'blockquote':
        markdownBlocks((token as Tokens.Blockquote).tokens, blocks, state);
        break;
      case 'table': {
        const table = token as Tokens.Table;
        blocks.push(table.header.map((cell) => inline(cell.tokens)).join(' | '));
        for (const row of table.rows) blocks.push(row.map((cell) => inline(cell.tokens)).join(' | '));
        break;
      }
      case 'html': {
        const html = extractHtml(token.text);
        if (html.text) blocks.push(html.text);
        break;
      }
      // Code blocks are not prose (tagging code yields nonsense entities); rules and spaces are layout.
      default:
        break;
    }
  }
}

/** Strips Markdown markup: headings, emphasis, links (text kept), images, lists, quotes, code fences. */
export function extractMarkdown(source: string): ExtractedText {
  const blocks: string[] = [];
  const state: { title?: string } = {};
  markdownBlocks(marked.lexer(source, { gfm: true }), blocks, state);
  return { text: joinBlocks(blocks), title: state.title };
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Elements whose whole content is not article text. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'form',
  'button',
  'select',
  'textarea',
  'aside',
  'head',
  'dialog',
]);

/** Elements that start a new paragraph. */
const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'article',
  'section',
  'main',
  'header',
  'footer',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tr',
  'ul',
  'ol',
  'dl',
  'hr',
  'address',
  'details',
  'summary',
  'body',
  'html',
  'caption',
]);

/** class/id words of page furniture (menus, share bars, cookie banners, comment threads). */
const BOILERPLATE =
  /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|cookie|cookies|share|sharing|social|related|comments?|advert|ads|promo|newsletter|subscribe|sidebar|site-footer|site-header)([\s_-]|$)/i;

/** ARIA roles of page furniture. */
const BOILERPLATE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu']);

interface Block {
  text: string;
  inArticle: boolean;
}

/**
 * Strips HTML to article text: drops scripts, styles, navigation and page furniture, decodes
 * entities, and makes block elements paragraphs. When the page marks its content with
 * `<article>` or `<main>`, only text inside it is kept.
 */
export function extractHtml(source: string): ExtractedText {
  const blocks: Block[] = [];
  const stack: string[] = [];
  /** Depth in `stack` at which a skipped element started (-1 when not skipping). */
  let skipDepth = -1;
  let articleDepth = -1;
  let preDepth = -1;
  let current = '';
  let titleTag = '';
  let inTitle = false;
  let firstH1: string | undefined;
  let h1Depth = -1;
  let h1Text = '';
  let cellCount = 0;

  const flush = () => {
    const text = preDepth >= 0 ? current.replace(/^\n+|\s+$/g, '') : collapseSpaces(current);
    if (text) blocks.push({ text, inArticle: articleDepth >= 0 });
    current = '';
    cellCount = 0;
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        stack.push(name);
        const depth = stack.length - 1;
        // <title> lives in the skipped <head>; only the first one counts (not an SVG's).
        if (name === 'title' && !titleTag && !stack.includes('svg')) {
          inTitle = true;
          return;
        }
        if (skipDepth >= 0) return;
        const marker = `${attributes.class ?? ''} ${attributes.id ?? ''}`;
        const hidden = attributes.hidden !== undefined || attributes['aria-hidden'] === 'true';
        const furniture =
          BOILERPLATE_ROLES.has(attributes.role ?? '') ||
          (name !== 'article' && name !== 'main' && name !== 'body' && BOILERPLATE.test(marker)) ||
          ((name === 'header' || name === 'footer') && articleDepth < 0);
        if (SKIPPED.has(name) || hidden || furniture) {
          skipDepth = depth;
          return;
        }
        if (BLOCKS.has(name)) flush();
        if ((name === 'article' || name === 'main') && articleDepth < 0) articleDepth = depth;
        if (name === 'pre' && preDepth < 0) preDepth = depth;
        if (name === 'h1' && firstH1 === undefined) {
          h1Depth = depth;
          h1Text = '';
        }
        if (name === 'br') current += '\n';
        if (name === 'td' || name === 'th') {
          if (cellCount++ > 0) current += ' | ';
        }
        if (name === 'img' && attributes.alt) current += ` ${attributes.alt} `;
      },
      ontext(text) {
        if (inTitle) {
          titleTag += text;
          return;
        }
        if (skipDepth >= 0) return;
        current += text;
        if (h1Depth >= 0) h1Text += text;
      },
      onclosetag(name) {
        // htmlparser2 closes implied elements itself, so the stack top is always `name`.
        const depth = stack.length - 1;
        stack.pop();
        if (name === 'title') {
          inTitle = false;
          return;
        }
        if (skipDepth >= 0) {
          if (depth === skipDepth) skipDepth = -1;
          return;
        }
        if (depth === h1Depth) {
          firstH1 = collapseSpaces(h1Text);
          h1Depth = -1;
        }
        if (BLOCKS.has(name)) flush();
        if (depth === preDepth) preDepth = -1;
        if (depth === articleDepth) articleDepth = -1;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(source);
  parser.end();
  flush();

  const inArticle = blocks.filter((block) => block.inArticle);
  const kept = inArticle.length > 0 ? inArticle : blocks;
  // The last line of a collapsed block can carry a lone "\n" from <br>: keep it as a wrap.
  const text = joinBlocks(kept.map((block) => block.text.replace(/ *\n */g, '\n').replace(/\n{2,}/g, '\n')));
  const title = firstH1 || collapseSpaces(titleTag) || undefined;
  return { text, title };
}

// ---------------------------------------------------------------------------------------------

/** Extracts the article text from a decoded document of the given format. */
export function extract(text: string, format: DocumentFormat): ExtractedText {
  if (format === 'html') return extractHtml(text);
  if (format === 'markdown') return extractMarkdown(text);
  return { text };
}
