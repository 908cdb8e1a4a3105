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
import { BYLINE, STAMP } from './segment.ts';
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

/** A footnote reference ("[^1]", "[^note]"); GFM footnotes are not part of marked's lexer. */
const FOOTNOTE_REFERENCE = /\[\^[^\]\s]{1,64}\](?!:)/g;
/** The label that starts a footnote definition ("[^1]: The source."), at the start of any line. */
const FOOTNOTE_LABEL = /^\[\^[^\]\s]{1,64}\]:[ \t]*/gm;

function inline(tokens: MdToken[] | undefined): string {
  const out: string[] = [];
  inlineText(tokens, out);
  // Soft line breaks stay as "\n" (a hard-wrapped paragraph); blank lines cannot occur inside,
  // but for one: footnote definitions written on consecutive lines are one Markdown paragraph,
  // and each is its own ("\n\n" between them; `blocksOf` splits there). Footnote markers are
  // dropped (a definition keeps its text); an image left a double space.
  return out
    .join('')
    .replace(FOOTNOTE_REFERENCE, '')
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(FOOTNOTE_LABEL, (_label, offset: number) => (offset === 0 ? '' : '\n'));
}

/** A paragraph's text as blocks: one, or one per footnote definition (see `inline`). */
function blocksOf(text: string): string[] {
  return text.includes('\n\n') ? text.split('\n\n') : [text];
}

/**
 * A Markdown paragraph or list item of nothing but links ("[Live updates](...) · [Video](...)"),
 * perhaps behind a label ("Read more: ..."): navigation, as in HTML (see `HtmlText.flush`).
 */
function isLinkList(tokens: MdToken[] | undefined): boolean {
  if (!tokens?.some((token) => token.type === 'link')) return false;
  const chars = (text: string) => text.replace(/\s+/g, '').length;
  let linkChars = 0;
  let allChars = 0;
  for (const token of tokens) {
    const n = chars(inline([token]));
    allChars += n;
    if (token.type === 'link') linkChars += n;
  }
  if (linkChars >= LINK_LIST_SHARE * allChars) return true;
  const label = LINK_LIST_LABEL.exec(inline(tokens));
  return label !== null && linkChars >= LABELLED_LINK_LIST_SHARE * (allChars - chars(label[0]));
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
        if (!isLinkList(token.tokens)) blocks.push(...blocksOf(inline(token.tokens)));
        break;
      case 'text': {
        const inlineTokens = (token as Tokens.Text).tokens ?? [token];
        if (!isLinkList(inlineTokens)) blocks.push(...blocksOf(inline(inlineTokens)));
        break;
      }
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

/**
 * Front matter at the very start of a Markdown file: YAML between `---` lines (closed by `---`
 * or `...`) or TOML between `+++` lines. The first line inside must look like a key, so a
 * document that opens with a thematic break is left alone.
 */
const FRONT_MATTER =
  /^(?:---[ \t]*\r?\n(?=[ \t]*[\w"'-]+[ \t]*:)([\s\S]*?)\r?\n(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n(?=[ \t]*[\w"'-]+[ \t]*=)([\s\S]*?)\r?\n\+\+\+)[ \t]*(?:\r?\n|$)/;

/** Splits front matter (metadata, not prose) from a Markdown document; reads its title. */
export function splitFrontMatter(source: string): { body: string; title?: string } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { body: source };
  const fields = match[1] ?? match[2];
  const title = /^[ \t]*title[ \t]*[:=][ \t]*(.*?)[ \t]*$/im
    .exec(fields)?.[1]
    .replace(/^(["'])(.*)\1$/, '$2');
  return { body: source.slice(match[0].length), title: title || undefined };
}

/**
 * Strips Markdown markup: headings, emphasis, links (text kept), images, lists, quotes, code
 * fences, footnote markers, and front matter when `atStart` (the source begins the document).
 */
export function extractMarkdown(source: string, atStart = true): ExtractedText {
  const blocks: string[] = [];
  const state: { title?: string } = {};
  const { body, title } = atStart ? splitFrontMatter(source) : { body: source, title: undefined };
  markdownBlocks(marked.lexer(body, { gfm: true }), blocks, state);
  return { text: joinBlocks(blocks), title: title ?? state.title };
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

/**
 * class/id words of page furniture (menus, share bars, cookie banners, comment threads, the
 * author box under a blog post, a wiki's table of contents, site notice and `noprint` marks
 * such as "[citation needed]"; a byline's `author` class is not one).
 */
const BOILERPLATE =
  /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|cookie|cookies|share|sharing|social|related|comments?|ad|advert|adverts|advertisement|ads|adslot|sponsored|promo|newsletter|subscribe|sidebar|sharedaddy|navbox|catlinks|editsection|references|reflist|site-footer|site-header|author-bio|author-box|about-author|author-info|author-card|footer|masthead|copyright|consent|gdpr|paywall|popup|modal|pagination|toolbar|skip-link|sr-only|visually-hidden|screen-reader-text|toc|table-of-contents|sitenotice|sitesub|noprint|jump-link|donate|donation)([\s_-]|$)/i;

/**
 * A <title> without the site's name around it ("Council approves plan | The Coastal Herald"):
 * the longest of the parts between " | ", " - ", " – ", " — ", " · " or " :: ".
 */
export function withoutSiteName(title: string): string {
  const parts = title.split(/\s+(?:[|\u2013\u2014\u00b7-]|::)\s+/);
  return parts.reduce((best, part) => (part.length > best.length ? part : best), '');
}

/** Share of a block's characters inside links from which the block is a list of links. */
const LINK_LIST_SHARE = 0.9;
/** Labels of a list of links under an article (its tags, its sections). */
const LINK_LIST_LABEL =
  /^\s*(?:(?:tags?|topics?|categories|category|filed under|more on|see also|read more|related)\s*:|(?:share(?: this(?: article| story| page)?)?|follow us(?: on)?)(?![\p{L}\d]))/iu;
/** The same share after such a label (the commas between the links count against it). */
const LABELLED_LINK_LIST_SHARE = 0.8;

/** class words of a `<sup>` that holds a citation or footnote mark. */
const NOTE_CLASS = /(^|[\s_-])(reference|footnote|noteref|fnref|cite)/i;
/** The text of a citation mark: "[1]", "[a]", "[note 2]". */
const CITATION = /^\s*\[[^\]]{1,12}\]\s*$/;

/** Soft hyphen, zero-width space and joiners, word joiner, BOM: HTML's invisible break hints. */
const INVISIBLE = /[\u00ad\u200b\u200c\u2060\ufeff]/g;

/** class words of a `<pre>` that holds code (highlighters' and Markdown renderers' classes). */
const CODE_CLASS = /(^|[\s_-])(code|highlight|sourceCode|prettyprint|brush:|language-\S*|lang-\S*)/i;

/**
 * A block that only labels an advertisement slot ("Advertisement", "Story continues below
 * advertisement", "Sponsored content"): the slot's script filled it, the label stays in the page.
 */
const AD_LABEL =
  /^(?:advertisement|advert|sponsored(?: content)?|(?:story|article) continues below(?: this)? (?:advertisement|ad)|advertisement\s*[-\u2013\u2014:]\s*scroll to continue(?: reading)?|scroll to continue(?: reading)?)$/i;

/**
 * A block that only names the page furniture after it, left behind when the links under it
 * were dropped ("Topics", "Share this article", "Most read", a blog platform's "More from
 * <author>", "Recommended from Medium" and "1.4K Followers").
 */
const FURNITURE_LABEL =
  /^(?:topics|tags|related(?: (?:articles|stories|content|posts|topics))?|share(?: this(?: article| story| page)?)?|follow us|most (?:read|popular|viewed)|more on this story|(?:table of )?contents|references|external links|more from [^.!?]{1,60}|recommended (?:from|for you)[^.!?]{0,40}|[\d.,]+\s?[km]? (?:followers|subscribers))$/i;

/**
 * The footer of an e-mail newsletter saved as HTML ("You are receiving this email because you
 * signed up ...", "To unsubscribe, ..."), which marks no element as a footer.
 */
const EMAIL_FOOTER =
  /^(?:you (?:are receiving|received|have received|were sent) this (?:e-?mail|newsletter|message)|to (?:unsubscribe|stop receiving)|if you (?:no longer wish|would prefer not) to receive)\b/i;

/** ARIA roles of page furniture. */
const BOILERPLATE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu']);

interface Block {
  text: string;
  inArticle: boolean;
}

/** Joins HTML blocks the way the extractor outputs them (lone <br> newlines kept as wraps). */
function joinHtmlBlocks(blocks: readonly Block[]): string {
  return joinBlocks(blocks.map((block) => block.text.replace(/ *\n */g, '\n').replace(/\n{2,}/g, '\n')));
}

/**
 * Incremental HTML extractor: drops scripts, styles, navigation and page furniture, decodes
 * entities, and makes block elements paragraphs. When the page marks its content with
 * `<article>` or `<main>`, only text inside it is kept.
 *
 * Blocks are held until `holdChars` of block text has accumulated, so for any page below that
 * the article rule sees the whole page. Above it, blocks are released as they complete; a block
 * released before the page's first `<article>`/`<main>` text cannot be taken back (only pages
 * larger than `holdChars` of text are affected).
 */
export class HtmlExtractor {
  private readonly blocks: Block[] = [];
  private heldChars = 0;
  private articleBlocks = 0;
  private readonly stack: string[] = [];
  /** Depth in `stack` at which a skipped element started (-1 when not skipping). */
  private skipDepth = -1;
  private articleDepth = -1;
  private preDepth = -1;
  private current = '';
  /** Non-space characters of the current block, and those inside links. */
  private blockChars = 0;
  private linkChars = 0;
  /** Depth of the open <a href> and h1-h6 (-1 when none); whether the block has heading text. */
  private linkDepth = -1;
  private anyHeadingDepth = -1;
  private blockInHeading = false;
  /** Depth of the open <figure>/<picture> (-1 when none): its images' alt text is not article text. */
  private figureDepth = -1;
  /** The open <sup> (-1 when none) and where its text starts in `current`. */
  private supDepth = -1;
  private supStart = 0;
  /** Lines of the current block that ended at a <br> (outside <pre>). */
  private lines: string[] = [];
  private titleTag = '';
  private inTitle = false;
  /** The open <script type="application/ld+json"> (-1 when none) and its text so far. */
  private ldDepth = -1;
  private ldText = '';
  /** schema.org articleBody and headline from the page's structured data, if any. */
  private ldBody: string | undefined;
  private ldHeadline: string | undefined;
  /** Whether article text was released before `end` (then structured data cannot replace it). */
  private releasedEarlier = false;
  private firstH1: string | undefined;
  private metaTitle: string | undefined;
  /** The heading that opens the article (an h1 or h2 before any of its text), if any. */
  private articleHeading: string | undefined;
  private headingDepth = -1;
  private headingText = '';
  private cellCount = 0;
  /** Length of `current` when an inline element last closed (-1: none since the block or line began). */
  private inlineClosedAt = -1;
  /** Length of `current` where an inline element opened right after another closed (-1: none). */
  private siblingAt = -1;
  private readonly parser: Parser;

  constructor(private readonly holdChars = Number.POSITIVE_INFINITY) {
    this.parser = new Parser(
      {
        onopentag: (name, attributes) => this.open(name, attributes),
        ontext: (text) => this.text(text),
        onclosetag: (name) => this.close(name),
      },
      {
        decodeEntities: true,
        lowerCaseTags: true,
        lowerCaseAttributeNames: true,
        recognizeSelfClosing: true,
      },
    );
  }

  /** Parses more of the page; returns the article text released so far (may be empty). */
  write(source: string): string {
    this.parser.write(source);
    return this.heldChars >= this.holdChars ? this.release() : '';
  }

  /** Parses the rest; returns the remaining text and the title. */
  end(): ExtractedText {
    this.parser.end();
    this.flush();
    const releasedEarlier = this.releasedEarlier;
    let text = this.release();
    // A page that shows its article only through scripts (saved from a site that renders in
    // the browser) has little text but the article in its structured data: use that when the
    // page's own text is under a quarter of it.
    if (this.ldBody && !releasedEarlier && nonSpaceLength(text) * 4 < nonSpaceLength(this.ldBody)) {
      text = this.ldBody
        .split(/\r?\n\s*\n|\r?\n/)
        .map(collapseSpaces)
        .filter((paragraph) => paragraph.length > 0)
        .join('\n\n');
    }
    const title =
      this.articleHeading ||
      this.firstH1 ||
      this.metaTitle ||
      this.ldHeadline ||
      withoutSiteName(collapseSpaces(this.titleTag)) ||
      undefined;
    return { text, title };
  }

  /** Keeps the first articleBody and headline of a JSON-LD block (schema.org Article types). */
  private readStructuredData(json: string): void {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      return; // Broken structured data is the page's problem, not a reason to fail.
    }
    const visit = (node: unknown, depth: number): void => {
      if (depth > 4 || node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const item of node) visit(item, depth + 1);
        return;
      }
      const record = node as Record<string, unknown>;
      if (typeof record.articleBody === 'string' && this.ldBody === undefined) {
        this.ldBody = decodeHTML(record.articleBody);
        if (typeof record.headline === 'string')
          this.ldHeadline ??= collapseSpaces(decodeHTML(record.headline));
      }
      if (record['@graph']) visit(record['@graph'], depth + 1);
    };
    visit(data, 0);
  }

  private release(): string {
    const kept = this.articleBlocks > 0 ? this.blocks.filter((block) => block.inArticle) : this.blocks;
    const text = joinHtmlBlocks(kept);
    if (/\S/.test(text)) this.releasedEarlier = true;
    this.blocks.length = 0;
    this.heldChars = 0;
    return text;
  }

  private flush(): void {
    // A block of nothing but links (a menu, a "most read" list, tags) is navigation, not prose;
    // headings are kept (a blog links each post's title to itself).
    let linkList =
      !this.blockInHeading && this.blockChars > 0 && this.linkChars >= LINK_LIST_SHARE * this.blockChars;
    // So is one behind a label ("Tags: AI, Energy", "Filed under: Markets, Oil").
    if (!linkList && this.linkChars > 0 && !this.blockInHeading) {
      const label = LINK_LIST_LABEL.exec(this.lines.join('') + this.current);
      if (label) {
        const rest = this.blockChars - label[0].replace(/\s+/g, '').length;
        linkList = this.linkChars >= LABELLED_LINK_LIST_SHARE * rest;
      }
    }
    this.blockChars = 0;
    this.linkChars = 0;
    this.blockInHeading = false;
    if (linkList) {
      this.lines = [];
    } else if (this.preDepth >= 0) {
      this.push(this.current.replace(/^\n+|\s+$/g, ''));
    } else {
      // Lines end at <br>; an empty line (two <br> in a row) ends a paragraph.
      this.lines.push(this.current);
      let paragraph: string[] = [];
      for (const line of this.lines.map(collapseSpaces)) {
        if (line) paragraph.push(line);
        else if (paragraph.length > 0) {
          this.push(paragraph.join('\n'));
          paragraph = [];
        }
      }
      this.push(paragraph.join('\n'));
      this.lines = [];
    }
    this.startLine();
    this.cellCount = 0;
  }

  /** Empties `current` for the next block or line; an element closed in the last one is no sibling. */
  private startLine(): void {
    this.current = '';
    this.inlineClosedAt = -1;
    this.siblingAt = -1;
  }

  private push(text: string): void {
    if (!text || AD_LABEL.test(text) || FURNITURE_LABEL.test(text) || EMAIL_FOOTER.test(text)) return;
    const inArticle = this.articleDepth >= 0;
    this.blocks.push({ text, inArticle });
    this.heldChars += text.length;
    if (inArticle) this.articleBlocks++;
  }

  private open(name: string, attributes: Record<string, string>): void {
    const stack = this.stack;
    stack.push(name);
    const depth = stack.length - 1;
    // <title> lives in the skipped <head>; only the first one counts (not an SVG's).
    if (name === 'title' && !this.titleTag && !stack.includes('svg')) {
      this.inTitle = true;
      return;
    }
    // The page's own headline for sharing (no site name), from the skipped <head>.
    if (name === 'meta' && /^(og|twitter):title$/i.test(attributes.property ?? attributes.name ?? ''))
      this.metaTitle ??= collapseSpaces(attributes.content ?? '') || undefined;
    // Structured data may hold the article when the page shows it only through scripts (in
    // <head> or <body>, skipped or not).
    if (name === 'script' && this.ldDepth < 0 && /^application\/ld\+json$/i.test(attributes.type ?? ''))
      this.ldDepth = depth;
    if (this.skipDepth >= 0) return;
    const marker = `${attributes.class ?? ''} ${attributes.id ?? ''}`;
    const hidden =
      attributes.hidden !== undefined ||
      attributes['aria-hidden'] === 'true' ||
      /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attributes.style ?? '');
    // The content as <article>/<main> or their ARIA roles and schema.org's articleBody mark it.
    const articleLike =
      name === 'article' ||
      name === 'main' ||
      attributes.role === 'main' ||
      attributes.role === 'article' ||
      /(^|\s)articleBody(\s|$)/.test(attributes.itemprop ?? '');
    const furniture =
      BOILERPLATE_ROLES.has(attributes.role ?? '') ||
      (!articleLike && name !== 'body' && BOILERPLATE.test(marker)) ||
      ((name === 'header' || name === 'footer') && this.articleDepth < 0);
    // Code is not prose (as in Markdown): a <pre> marked as code, or <code> inside a <pre>.
    const code = (name === 'pre' && CODE_CLASS.test(marker)) || (name === 'code' && this.preDepth >= 0);
    // A citation mark ("[1]" in Wikipedia, a number linking to a footnote) is not in the sentence.
    const citation = name === 'sup' && NOTE_CLASS.test(marker);
    if (SKIPPED.has(name) || hidden || furniture || code || citation) {
      this.skipDepth = depth;
      return;
    }
    if (BLOCKS.has(name)) this.flush();
    else if (this.inlineClosedAt === this.current.length) this.siblingAt = this.current.length;
    if (articleLike && this.articleDepth < 0) this.articleDepth = depth;
    if (name === 'pre' && this.preDepth < 0) this.preDepth = depth;
    const opensArticle =
      (name === 'h1' || name === 'h2') &&
      this.articleDepth >= 0 &&
      this.articleBlocks === 0 &&
      this.articleHeading === undefined;
    if (this.headingDepth < 0 && ((name === 'h1' && this.firstH1 === undefined) || opensArticle)) {
      this.headingDepth = depth;
      this.headingText = '';
    }
    if (name === 'br') {
      if (this.preDepth >= 0) this.current += '\n';
      else {
        this.lines.push(this.current);
        this.startLine();
      }
    }
    if (name === 'td' || name === 'th') {
      if (this.cellCount++ > 0) this.current += ' | ';
    }
    if (name === 'a' && attributes.href !== undefined && this.linkDepth < 0) this.linkDepth = depth;
    if (/^h[1-6]$/.test(name) && this.anyHeadingDepth < 0) this.anyHeadingDepth = depth;
    if (name === 'sup' && this.supDepth < 0) {
      this.supDepth = depth;
      this.supStart = this.current.length;
    }
    if ((name === 'figure' || name === 'picture') && this.figureDepth < 0) this.figureDepth = depth;
    // An image inside running text stands for its words (an emoji image, an icon); a figure's
    // image only describes the picture, and its caption (kept) says what the article says of it.
    // So does an image that starts a block (an author photo "Lena Fischer" became a paragraph),
    // unless its alt text is a symbol rather than words ("🎉").
    if (
      name === 'img' &&
      attributes.alt &&
      this.figureDepth < 0 &&
      (/\S/.test(this.current) || !/\p{L}/u.test(attributes.alt))
    )
      this.current += ` ${attributes.alt} `;
  }

  private text(text: string): void {
    if (this.inTitle) {
      this.titleTag += text;
      return;
    }
    if (this.ldDepth >= 0) {
      if (this.ldText.length < MAX_LD_JSON_CHARS) this.ldText += text;
      return;
    }
    if (this.skipDepth >= 0) return;
    // Invisible characters that only tell a browser where it may break a word.
    const visible = text.replace(INVISIBLE, '');
    // Two inline elements side by side that a style sheet lays out as lines ("<span>Simon
    // Jack</span><span>Business editor</span>" gave "Simon JackBusiness editor"): a word in
    // lower case ending one and a capital starting the next cannot be one word: a space.
    if (this.siblingAt === this.current.length && /\p{Ll}$/u.test(this.current) && /^\p{Lu}/u.test(visible))
      this.current += ' ';
    this.current += visible;
    const chars = visible.replace(/\s+/g, '').length;
    this.blockChars += chars;
    if (this.linkDepth >= 0) this.linkChars += chars;
    if (this.anyHeadingDepth >= 0 && chars > 0) this.blockInHeading = true;
    if (this.headingDepth >= 0) this.headingText += text;
  }

  private close(name: string): void {
    // htmlparser2 closes implied elements itself, so the stack top is always `name`.
    const depth = this.stack.length - 1;
    this.stack.pop();
    if (name === 'title') {
      this.inTitle = false;
      return;
    }
    if (depth === this.ldDepth) {
      this.readStructuredData(this.ldText);
      this.ldDepth = -1;
      this.ldText = '';
    }
    if (this.skipDepth >= 0) {
      if (depth === this.skipDepth) this.skipDepth = -1;
      return;
    }
    if (depth === this.headingDepth) {
      const heading = collapseSpaces(this.headingText);
      if (name === 'h1' && this.firstH1 === undefined) this.firstH1 = heading;
      if (this.articleDepth >= 0 && this.articleBlocks === 0) this.articleHeading ??= heading;
      this.headingDepth = -1;
    }
    if (BLOCKS.has(name)) this.flush();
    else this.inlineClosedAt = this.current.length;
    if (depth === this.preDepth) this.preDepth = -1;
    if (depth === this.linkDepth) this.linkDepth = -1;
    if (depth === this.anyHeadingDepth) this.anyHeadingDepth = -1;
    if (depth === this.supDepth) {
      // "[1]", "[a]", "[note 2]" as a superscript: a citation mark without a class.
      if (this.current.length >= this.supStart && CITATION.test(this.current.slice(this.supStart)))
        this.current = this.current.slice(0, this.supStart);
      this.supDepth = -1;
    }
    if (depth === this.articleDepth) this.articleDepth = -1;
    if (depth === this.figureDepth) this.figureDepth = -1;
  }
}

/** Strips HTML to article text (the whole page at once; see {@link HtmlExtractor}). */
export function extractHtml(source: string): ExtractedText {
  const extractor = new HtmlExtractor();
  extractor.write(source);
  return extractor.end();
}

// ---------------------------------------------------------------------------------------------

/** Extracts the article text from a decoded document of the given format. */
export function extract(text: string, format: DocumentFormat): ExtractedText {
  if (format === 'html') return extractHtml(text);
  if (format === 'markdown') return extractMarkdown(text);
  const title = plainTextTitle(text);
  return title === undefined ? { text } : { text, title };
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** First lines that label a document rather than title it. */
const LABEL_LINE =
  /^(?:for immediate release|(?:press|news|media) release|embargoed\b.*|breaking(?: news)?|exclusive|opinion|analysis|editorial)$/i;

/**
 * The headline of a plain-text article: its first line (after a label such as "FOR IMMEDIATE
 * RELEASE") when that line stands alone, a blank line, a byline or a publication stamp after
 * it, and reads like a headline: 2+ words, at most 200 characters, no full stop, comma or colon
 * at its end, not a byline, and more text follows. Markdown and HTML titles come from their
 * markup; before this, plain-text reports had no title, and salience could not use it.
 */
export function plainTextTitle(text: string): string | undefined {
  const lines = text.slice(0, 8192).split(/\r\n|\r|\n/);
  let i = 0;
  const skipBlank = () => {
    while (i < lines.length && !lines[i].trim()) i++;
  };
  skipBlank();
  if (i < lines.length && LABEL_LINE.test(lines[i].trim())) {
    i++;
    skipBlank();
  }
  if (i >= lines.length) return undefined;
  const line = lines[i].trim().replace(/\s+/g, ' ');
  const next = lines[i + 1];
  const standsAlone = next === undefined || !next.trim() || BYLINE.test(next) || STAMP.test(next);
  if (!standsAlone || line.length > 200 || line.split(' ').length < 2) return undefined;
  if ((/[.,;:]$/.test(line) && !/\.\.\.$/.test(line)) || BYLINE.test(line) || STAMP.test(line))
    return undefined;
  if (!/\p{L}/u.test(line) || !lines.slice(i + 1).some((rest) => /\S/.test(rest))) return undefined;
  return line;
}

/** Characters of a text that are not white space. */
function nonSpaceLength(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** Structured data (JSON-LD) read per script element; longer blocks are not articles. */
const MAX_LD_JSON_CHARS = 2 * 1024 * 1024;

/** Source characters a streaming extractor holds before it releases text (see {@link StreamExtractor}). */
export const EXTRACT_HOLD_CHARS = 256 * 1024;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Offset just after the last blank line of `source` that is outside a fenced code block, or -1.
 * Markdown blocks never span such a line except loose lists and HTML blocks, which extract to
 * the same paragraphs when cut there.
 */
function lastMarkdownBreak(source: string): number {
  let fence = '';
  let cut = -1;
  let lineStart = 0;
  while (lineStart < source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd === -1) break; // the last line is not complete yet
    lineEnd++;
    const line = source.slice(lineStart, lineEnd);
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (
        marker &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        !line.slice(marker.length).trim()
      )
        fence = '';
    } else if (marker) {
      fence = marker;
    } else if (!line.trim()) {
      cut = lineEnd;
    }
    lineStart = lineEnd;
  }
  return cut;
}

/**
 * Incremental extraction for documents read in chunks. Push decoded text, get extracted text
 * back as it is released, then {@link StreamExtractor.end}. The pieces, concatenated, are the
 * extracted text; for a document of fewer than `holdChars` source characters they are exactly
 * what {@link extract} gives. Larger documents are extracted piece by piece (memory bounded by
 * `holdChars`): plain text passes through; Markdown is cut at blank lines outside code fences
 * (a reference-style link whose definition sits in another piece keeps its brackets); HTML is
 * parsed as a stream (see {@link HtmlExtractor}).
 */
export class StreamExtractor {
  private pending = '';
  private released = false;
  /** True once a Markdown piece has been extracted (front matter only opens the first). */
  private started = false;
  private title?: string;
  private readonly html?: HtmlExtractor;

  constructor(
    private readonly format: DocumentFormat,
    private readonly holdChars = EXTRACT_HOLD_CHARS,
  ) {
    if (format === 'html') this.html = new HtmlExtractor(holdChars);
  }

  /** Adds decoded text; returns the extracted text released by it (may be empty). */
  push(text: string): string {
    if (this.format === 'text') {
      // The first piece holds the headline (256K characters, `holdChars`, reach the extractor
      // before any analysis).
      if (!this.started) this.title = plainTextTitle(text);
      this.started = true;
      return text;
    }
    if (this.html) return this.emit(this.html.write(text));
    this.pending += text;
    if (this.pending.length < this.holdChars) return '';
    const cut = lastMarkdownBreak(this.pending);
    // No safe break (a huge fence or paragraph): hold more, up to 4x, then cut at a line end.
    const at =
      cut > 0 ? cut : this.pending.length >= 4 * this.holdChars ? this.pending.lastIndexOf('\n') + 1 : 0;
    if (at <= 0) return '';
    const piece = extractMarkdown(this.pending.slice(0, at), !this.started);
    this.started = true;
    this.pending = this.pending.slice(at);
    this.title ??= piece.title;
    return this.emit(piece.text);
  }

  /** Extracts what is left; returns it and the title found in the whole document. */
  end(): ExtractedText {
    if (this.format === 'text')
      return this.title === undefined ? { text: '' } : { text: '', title: this.title };
    if (this.html) {
      const rest = this.html.end();
      return { text: this.emit(rest.text), title: rest.title };
    }
    const piece = extractMarkdown(this.pending, !this.started);
    this.pending = '';
    return { text: this.emit(piece.text), title: this.title ?? piece.title };
  }

  /** Puts the block separator between released pieces. */
  private emit(text: string): string {
    if (!text) return '';
    const out = this.released ? `\n\n${text}` : text;
    this.released = true;
    return out;
  }
}
