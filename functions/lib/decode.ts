/**
 * Decode stage: bytes -> text, recording the encoding found.
 *
 * Order of checks: known binary signatures (PNG, PDF, ZIP, ...) -> byte-order marks (UTF-32 is
 * rejected, UTF-8/UTF-16 accepted) -> BOM-less UTF-16 (ASCII text with every other byte 0) ->
 * NUL bytes / control-character density (binary) -> strict UTF-8 -> per-byte repair: valid
 * UTF-8 sequences are kept and every invalid byte is read as Windows-1252 (so a file that is
 * entirely Latin-1/CP1252 decodes exactly, and a UTF-8 file with a few stray CP1252 bytes keeps
 * its UTF-8 characters).
 */
import { BinaryContentError, UnsupportedEncodingError } from './errors.ts';
import type { TextEncoding } from './types.ts';

/** Result of decoding. */
export interface DecodedText {
  /** The text without its byte-order mark. */
  text: string;
  encoding: TextEncoding;
  /** Human-readable notes about repairs made (e.g. invalid UTF-8 bytes read as CP1252). */
  warnings: string[];
}

/** File signatures of common binary formats, checked before anything else for a clear error. */
const BINARY_SIGNATURES: ReadonlyArray<{ name: string; bytes: readonly number[] }> = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a ZIP archive (or DOCX/XLSX)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'a WebP/RIFF file', bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: 'an ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

/** Windows-1252 code points for bytes 0x80..0x9F (undefined bytes map to their C1 control). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

/** Share of control characters above which a text is treated as binary. */
const MAX_CONTROL_RATIO = 0.1;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function decodeUtf16(bytes: Uint8Array, offset: number, encoding: 'utf-16le' | 'utf-16be', key?: string) {
  const body = bytes.subarray(offset);
  if (body.length % 2 !== 0) {
    throw new UnsupportedEncodingError(
      `${encoding.toUpperCase()} text has an odd number of bytes (${bytes.length}); the file is truncated or not UTF-16`,
      key,
    );
  }
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw new UnsupportedEncodingError(
      `bytes are marked ${encoding.toUpperCase()} but contain unpaired surrogates`,
      key,
    );
  }
}

/** Detects BOM-less UTF-16: mostly-ASCII text where every other byte is zero. */
function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.9 && zeroEven < pairs * 0.1) return 'utf-16le';
  if (zeroEven > pairs * 0.9 && zeroOdd < pairs * 0.1) return 'utf-16be';
  return undefined;
}

/** Throws BinaryContentError when the decoded text holds NUL bytes or too many control characters. */
function assertTextual(text: string, key?: string): void {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    throw new BinaryContentError(
      `contains a NUL byte at character ${nul}; this looks like a binary file, not text`,
      key,
    );
  }
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // C0 controls other than tab, LF, VT, FF, CR, and the C1 range that CP1252 leaves undefined.
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13) || c === 0x7f) controls++;
  }
  if (text.length > 0 && controls / text.length > MAX_CONTROL_RATIO) {
    throw new BinaryContentError(
      `${controls} of ${text.length} characters are control characters; this looks like a binary file, not text`,
      key,
    );
  }
}

/**
 * Decodes UTF-8 where it is valid and reads each invalid byte as Windows-1252.
 * Returns the text, the number of invalid bytes and the offset of the first one.
 */
function decodeUtf8WithCp1252Fallback(bytes: Uint8Array): {
  text: string;
  invalid: number;
  first: number;
  multibyte: number;
} {
  const out: string[] = [];
  let chunk: number[] = [];
  let invalid = 0;
  let multibyte = 0;
  let first = -1;
  const flush = () => {
    out.push(String.fromCodePoint(...chunk));
    chunk = [];
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let cp = -1;
    let len = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xdf && i + 1 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      len = 2;
    } else if (b >= 0xe0 && b <= 0xef && i + 2 < bytes.length) {
      const b1 = bytes[i + 1];
      const b2 = bytes[i + 2];
      const c = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      if ((b1 & 0xc0) === 0x80 && (b2 & 0xc0) === 0x80 && c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
        cp = c;
        len = 3;
      }
    } else if (b >= 0xf0 && b <= 0xf4 && i + 3 < bytes.length) {
      const b1 = bytes[i + 1];
      const b2 = bytes[i + 2];
      const b3 = bytes[i + 3];
      const c = ((b & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      if (
        (b1 & 0xc0) === 0x80 &&
        (b2 & 0xc0) === 0x80 &&
        (b3 & 0xc0) === 0x80 &&
        c >= 0x10000 &&
        c <= 0x10ffff
      ) {
        cp = c;
        len = 4;
      }
    }
    if (cp === -1) {
      invalid++;
      if (first === -1) first = i;
      cp = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
    } else if (len > 1) {
      multibyte++;
    }
    chunk.push(cp);
    if (chunk.length >= 8192) flush();
    i += len;
  }
  flush();
  return { text: out.join(''), invalid, first, multibyte };
}

/**
 * Decodes an article's bytes to text.
 *
 * @param bytes the raw object content
 * @param key object key or file name, used only in error messages
 * @throws BinaryContentError for binary files (signature, NUL bytes, control characters)
 * @throws UnsupportedEncodingError for UTF-32 or malformed UTF-16
 */
export function decode(bytes: Uint8Array, key?: string): DecodedText {
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) {
      throw new BinaryContentError(`starts with the signature of ${signature.name}, not text`, key);
    }
  }
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]) || startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    throw new UnsupportedEncodingError(
      'bytes start with a UTF-32 byte-order mark; UTF-32 is not supported',
      key,
    );
  }
  let text: string;
  let encoding: TextEncoding;
  const warnings: string[] = [];
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const decoded = decodeUtf8WithCp1252Fallback(bytes.subarray(3));
    text = decoded.text;
    encoding = 'utf-8-bom';
    if (decoded.invalid > 0) {
      warnings.push(
        `${decoded.invalid} invalid UTF-8 byte(s), first at byte ${decoded.first + 3}, read as Windows-1252`,
      );
    }
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    text = decodeUtf16(bytes, 2, 'utf-16le', key);
    encoding = 'utf-16le';
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    text = decodeUtf16(bytes, 2, 'utf-16be', key);
    encoding = 'utf-16be';
  } else {
    const utf16 = sniffUtf16WithoutBom(bytes);
    if (utf16) {
      text = decodeUtf16(bytes, 0, utf16, key);
      encoding = utf16;
      warnings.push(`no byte-order mark; detected ${utf16.toUpperCase()} from the byte pattern`);
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        encoding = 'utf-8';
      } catch {
        const decoded = decodeUtf8WithCp1252Fallback(bytes);
        text = decoded.text;
        // Text with no valid multi-byte UTF-8 sequence at all is a legacy single-byte file.
        if (decoded.multibyte > 0) {
          encoding = 'utf-8';
          warnings.push(
            `${decoded.invalid} invalid UTF-8 byte(s), first at byte ${decoded.first}, read as Windows-1252`,
          );
        } else {
          encoding = 'windows-1252';
        }
      }
    }
  }
  assertTextual(text, key);
  return { text, encoding, warnings };
}
