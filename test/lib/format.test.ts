import { describe, expect, it } from 'vitest';
import { detectFormat, sniffFormat } from '../../functions/lib/format.ts';

describe('detectFormat', () => {
  it('prefers a specific content type over the extension', () => {
    expect(detectFormat('text/html; charset=utf-8', 'a.txt', '')).toBe('html');
    expect(detectFormat('text/markdown', 'a.txt', '')).toBe('markdown');
  });

  it('uses the extension when the content type is generic', () => {
    expect(detectFormat('application/octet-stream', 'dir/a.MD', '')).toBe('markdown');
    expect(detectFormat('text/plain', 'a.htm', '')).toBe('html');
    expect(detectFormat(undefined, 'a.txt', '<p>x</p><p>y</p><p>z</p>')).toBe('text');
  });

  it('sniffs when neither says', () => {
    expect(detectFormat(undefined, 'upload', '<!DOCTYPE html><p>Hi</p>')).toBe('html');
    expect(detectFormat('binary/octet-stream', undefined, '# Title\n\nSome [link](http://x.y) here.')).toBe(
      'markdown',
    );
    expect(detectFormat(undefined, undefined, 'Just words - and a dash.\n\nMore words.')).toBe('text');
  });

  it('treats text/plain without extension as text even when it looks like markup', () => {
    expect(detectFormat('text/plain', 'notes', '# Heading\n\n[a](b)')).toBe('text');
  });

  it('takes Markdown with front matter or a few HTML blocks for Markdown, not HTML', () => {
    expect(sniffFormat('---\ntitle: Notes\n---\n\nText.')).toBe('markdown');
    const md =
      '# Notes\n\nSee the [guide](https://x.y/guide).\n\n```sh\nmake\n```\n\n<div class="note">\n<p>Note: <b>soon</b>.</p>\n</div>\n';
    expect(sniffFormat(md)).toBe('markdown');
    expect(sniffFormat('<p>One.</p>\n<p>Two <a href="/x">link</a>.</p>\n<p>**Three**</p>')).toBe('html');
  });

  it('does not take a plain article with a hyphen list for Markdown', () => {
    expect(sniffFormat('Shopping:\n- eggs\n- milk\n\nThat was all.')).toBe('text');
  });
});
