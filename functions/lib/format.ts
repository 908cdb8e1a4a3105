/**
 * Format detection: which extractor reads a document.
 *
 * Precedence: an explicit format > a specific content type (HTML, Markdown) > the key's file
 * extension > a `text/plain` content type > sniffing the content. Specific content types win
 * over extensions because uploaders set them on purpose; `text/plain` and generic types such as
 * `application/octet-stream` (S3's default) are weaker than an extension like `.md`.
 */
import type { DocumentFormat } from './types.ts';

const EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  mkd: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
};

/** Maps a MIME type to a format when it names one specifically. */
function formatFromContentType(contentType: string | undefined): DocumentFormat | 'plain' | undefined {
  if (!contentType) return undefined;
  const mime = contentType.split(';')[0].trim().toLowerCase();
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime === 'text/markdown' || mime === 'text/x-markdown') return 'markdown';
  if (mime === 'text/plain') return 'plain';
  return undefined;
}

function formatFromKey(key: string | undefined): DocumentFormat | undefined {
  if (!key) return undefined;
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return EXTENSIONS[name.slice(dot + 1).toLowerCase()];
}

const HTML_HINT = /<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]/i;
const HTML_TAG = /<(p|div|span|a|h[1-6]|br|li|ul|ol|table|article|section|em|strong|b|i)(\s[^>]*)?\/?>/gi;
const MARKDOWN_LINE = /^(#{1,6}\s+\S|[-*+]\s+\S|\d{1,3}[.)]\s+\S|>\s|```|~~~|\[[^\]]+\]:\s)/gm;
const MARKDOWN_INLINE = /\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|__[^_\n]+__/g;

/** YAML or TOML front matter: only Markdown (static-site) files open with it. */
const FRONT_MATTER = /^(?:---[ \t]*\r?\n[ \t]*[\w"'-]+[ \t]*:|\+\+\+[ \t]*\r?\n[ \t]*[\w"'-]+[ \t]*=)/;

/** Guesses the format of a document from its first 64 KB. */
export function sniffFormat(text: string): DocumentFormat {
  const head = text.slice(0, 65536);
  if (HTML_HINT.test(head.slice(0, 2048))) return 'html';
  if (FRONT_MATTER.test(head)) return 'markdown';
  const tags = head.match(HTML_TAG)?.length ?? 0;
  const mdLines = head.match(MARKDOWN_LINE)?.length ?? 0;
  const mdInline = head.match(MARKDOWN_INLINE)?.length ?? 0;
  // Markdown may hold HTML blocks; a page of tags with fewer Markdown cues than tags is HTML.
  if (tags >= 3 && tags > mdLines + mdInline) return 'html';
  // Plain articles have the odd hyphenated list; two structural cues make Markdown likely.
  if (mdLines + mdInline >= 2 && /^(#{1,6}\s|```|~~~)|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*/m.test(head)) {
    return 'markdown';
  }
  return 'text';
}

/**
 * Decides the format of a document.
 *
 * @param contentType MIME type given with the upload, if any
 * @param key object key or file name, for its extension
 * @param text the decoded text, sniffed when type and key say nothing
 */
export function detectFormat(
  contentType: string | undefined,
  key: string | undefined,
  text: string,
): DocumentFormat {
  const fromType = formatFromContentType(contentType);
  if (fromType === 'html' || fromType === 'markdown') return fromType;
  const fromKey = formatFromKey(key);
  if (fromKey) return fromKey;
  if (fromType === 'plain') return 'text';
  return sniffFormat(text);
}

/** The MIME type reported for a format when the upload gave none. */
export function contentTypeFor(format: DocumentFormat): string {
  return format === 'html' ? 'text/html' : format === 'markdown' ? 'text/markdown' : 'text/plain';
}
