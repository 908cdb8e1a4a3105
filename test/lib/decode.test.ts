import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, StreamDecoder } from '../../functions/lib/decode.ts';
import { BinaryContentError, UnsupportedEncodingError } from '../../functions/lib/errors.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, bigEndian: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  let o = 0;
  if (bom) {
    out[o++] = bigEndian ? 0xfe : 0xff;
    out[o++] = bigEndian ? 0xff : 0xfe;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[o++] = bigEndian ? c >> 8 : c & 0xff;
    out[o++] = bigEndian ? c & 0xff : c >> 8;
  }
  return out;
}

describe('decode', () => {
  it('reads plain UTF-8', () => {
    expect(decode(utf8('Zoë in Łódź 😀'))).toEqual({
      text: 'Zoë in Łódź 😀',
      encoding: 'utf-8',
      warnings: [],
    });
  });

  it('removes a UTF-8 BOM and records it', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hello')]);
    expect(decode(bytes)).toMatchObject({ text: 'Hello', encoding: 'utf-8-bom' });
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    expect(decode(utf16('Héllo wörld', false))).toMatchObject({ text: 'Héllo wörld', encoding: 'utf-16le' });
    expect(decode(utf16('Héllo wörld', true))).toMatchObject({ text: 'Héllo wörld', encoding: 'utf-16be' });
  });

  it('detects BOM-less UTF-16 LE from its zero bytes, with a warning', () => {
    const result = decode(utf16('Plain ASCII text in UTF-16', false, false));
    expect(result.text).toBe('Plain ASCII text in UTF-16');
    expect(result.encoding).toBe('utf-16le');
    expect(result.warnings[0]).toMatch(/no byte-order mark/);
  });

  it('falls back to Windows-1252 for legacy single-byte text', () => {
    // "café “quoted” — 5€" in Windows-1252
    const bytes = new Uint8Array([
      0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x97, 0x20, 0x35, 0x80,
    ]);
    expect(decode(bytes)).toEqual({ text: 'café “q” — 5€', encoding: 'windows-1252', warnings: [] });
  });

  it('keeps valid UTF-8 and reads stray invalid bytes as Windows-1252, with a warning', () => {
    const bytes = new Uint8Array([...utf8('Zoë '), 0xe9, ...utf8(' ok')]);
    const result = decode(bytes);
    expect(result.text).toBe('Zoë é ok');
    expect(result.encoding).toBe('utf-8');
    expect(result.warnings[0]).toMatch(/1 invalid UTF-8 byte\(s\), first at byte 5/);
  });

  it('rejects NUL bytes as binary, saying where', () => {
    expect(() => decode(new Uint8Array([0x41, 0x42, 0x00, 0x43]), 'a.txt')).toThrow(BinaryContentError);
    expect(() => decode(new Uint8Array([0x41, 0x42, 0x00, 0x43]), 'a.txt')).toThrow(
      /key "a.txt": contains a NUL byte at character 2/,
    );
  });

  it('rejects known binary signatures by name', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(() => decode(png, 'photo.txt')).toThrow(/signature of a PNG image/);
  });

  it('rejects text that is mostly control characters', () => {
    const bytes = new Uint8Array(100).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(() => decode(bytes)).toThrow(/control characters/);
  });

  it('accepts a few control characters in otherwise normal text', () => {
    expect(decode(utf8('Hello\u0007 world, this is fine text.')).encoding).toBe('utf-8');
  });

  it('rejects UTF-32 and truncated UTF-16 with UnsupportedEncodingError', () => {
    expect(() => decode(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toThrow(UnsupportedEncodingError);
    expect(() => decode(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]))).toThrow(/odd number of bytes/);
  });

  it('decodes an empty input to empty text', () => {
    expect(decode(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8', warnings: [] });
  });
});

describe('StreamDecoder: chunks give exactly what the whole-file decode gives', () => {
  /** Decodes `bytes` pushed in chunks of the given sizes (cycled). */
  function decodeInChunks(bytes: Uint8Array, sizes: readonly number[]) {
    const decoder = new StreamDecoder('chunks.txt');
    const pieces: string[] = [];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length];
      pieces.push(decoder.push(bytes.subarray(at, at + size)));
      at += size;
    }
    const rest = decoder.end();
    return { text: pieces.join('') + rest.text, encoding: rest.encoding, warnings: rest.warnings };
  }

  /** The outcome of a decode: its result, or the class and message of its error. */
  function outcome(run: () => unknown) {
    try {
      return run();
    } catch (error) {
      return { error: (error as Error).name, message: (error as Error).message };
    }
  }

  const text = 'Zoë met Dvořák in Łódź — “quotes”, 😀 emoji and € signs.\n\n'.repeat(300);
  const cases: Record<string, Uint8Array> = {
    'UTF-8 (multi-byte sequences cut at every boundary)': utf8(text),
    'UTF-8 with BOM': new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]),
    'UTF-16 LE': utf16(text, false),
    'UTF-16 BE': utf16(text, true),
    'UTF-16 LE without BOM': utf16('Plain ASCII text in UTF-16. '.repeat(400), false, false),
    'Windows-1252': new Uint8Array([...utf8('caf'), 0xe9, 0x20, 0x93, 0x71, 0x94, 0x0a]),
    'UTF-8 with stray CP1252 bytes': new Uint8Array([
      ...utf8(text.slice(0, 5000)),
      0x93,
      ...utf8(text.slice(0, 5000)),
    ]),
    'a NUL byte late in the file': new Uint8Array([...utf8(text), 0, ...utf8('tail')]),
    'UTF-16 with an odd byte count': utf16(text, false).subarray(0, 9001),
    'mostly control characters': new Uint8Array(6000).fill(0x07),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    it(name, () => {
      const whole = outcome(() => decode(bytes, 'chunks.txt'));
      for (const sizes of [[1], [2, 3], [7], [4095, 1], [4096], [65536]]) {
        expect(
          outcome(() => decodeInChunks(bytes, sizes)),
          `chunks of ${sizes}`,
        ).toEqual(whole);
      }
    });
  }

  it('random bytes in random chunks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 9000 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 5 }),
        (bytes, sizes) => {
          expect(outcome(() => decodeInChunks(bytes, sizes))).toEqual(
            outcome(() => decode(bytes, 'chunks.txt')),
          );
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
});
