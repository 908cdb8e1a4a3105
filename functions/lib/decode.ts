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

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Bytes the decoder looks at before it decides on the encoding (signatures, BOM, UTF-16 sniff). */
const SNIFF_BYTES = 4096;

/**
 * Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence that the next
 * chunk could complete. A lead byte in the last three bytes whose sequence is longer than what
 * is left is held back; everything else (including invalid bytes) can be decoded now, with the
 * same result as decoding the whole file at once.
 */
function utf8SafeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}

/**
 * Incremental decoder: feed the object's bytes in chunks (as they stream from S3), get text
 * pieces back, then {@link StreamDecoder.end} for the rest and the facts found. Joining every
 * piece gives exactly what {@link decode} gives for the whole byte array: same text, encoding,
 * warnings and errors. Memory is bounded by the chunk size (plus the first 4 KB, held until the
 * encoding is decided).
 */
export class StreamDecoder {
  private readonly key?: string;
  private head: Uint8Array[] = [];
  private headLength = 0;
  private mode?: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
  private utf16?: InstanceType<typeof TextDecoder>;
  private utf16Bytes = 0;
  private sniffedUtf16 = false;
  private carry: Uint8Array = new Uint8Array(0);
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private invalid = 0;
  private firstInvalid = -1;
  private multibyte = 0;
  /** Bytes consumed before `carry` (for the offset of the first invalid byte). */
  private consumed = 0;
  private characters = 0;
  private controls = 0;

  constructor(key?: string) {
    this.key = key;
  }

  /** Decodes the next chunk; returns the text it completes (may be empty). */
  push(chunk: Uint8Array): string {
    if (this.mode === undefined) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < SNIFF_BYTES) return '';
      return this.start(false);
    }
    return this.decodeBody(chunk, false);
  }

  /** Decodes what is left and returns it with the encoding found and any warnings. */
  end(): { text: string; encoding: TextEncoding; warnings: string[] } {
    const text = this.mode === undefined ? this.start(true) : this.decodeBody(new Uint8Array(0), true);
    if (this.characters > 0 && this.controls / this.characters > MAX_CONTROL_RATIO) {
      throw new BinaryContentError(
        `${this.controls} of ${this.characters} characters are control characters; this looks like a binary file, not text`,
        this.key,
      );
    }
    const warnings: string[] = [];
    let encoding: TextEncoding = this.mode ?? 'utf-8';
    if (this.sniffedUtf16) {
      warnings.push(`no byte-order mark; detected ${encoding.toUpperCase()} from the byte pattern`);
    } else if (this.invalid > 0) {
      // Text with no valid multi-byte UTF-8 sequence at all is a legacy single-byte file.
      if (this.mode === 'utf-8' && this.multibyte === 0) encoding = 'windows-1252';
      else {
        warnings.push(
          `${this.invalid} invalid UTF-8 byte(s), first at byte ${this.firstInvalid}, read as Windows-1252`,
        );
      }
    }
    return { text, encoding, warnings };
  }

  /** Decides the encoding from the first bytes, then decodes them. */
  private start(final: boolean): string {
    const bytes = this.head.length === 1 ? this.head[0] : concatBytes(this.head);
    this.head = [];
    const key = this.key;
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
    let skip = 0;
    if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
      this.mode = 'utf-8-bom';
      skip = 3;
    } else if (startsWith(bytes, [0xff, 0xfe])) {
      this.mode = 'utf-16le';
      skip = 2;
    } else if (startsWith(bytes, [0xfe, 0xff])) {
      this.mode = 'utf-16be';
      skip = 2;
    } else {
      const utf16 = sniffUtf16WithoutBom(bytes);
      this.mode = utf16 ?? 'utf-8';
      this.sniffedUtf16 = utf16 !== undefined;
    }
    if (this.mode === 'utf-16le' || this.mode === 'utf-16be') {
      this.utf16 = new TextDecoder(this.mode, { fatal: true, ignoreBOM: true });
    }
    this.consumed = skip;
    return this.decodeBody(bytes.subarray(skip), final);
  }

  private decodeBody(chunk: Uint8Array, final: boolean): string {
    const text = this.utf16 ? this.decodeUtf16Chunk(chunk, final) : this.decodeUtf8Chunk(chunk, final);
    this.check(text);
    return text;
  }

  private decodeUtf16Chunk(chunk: Uint8Array, final: boolean): string {
    const encoding = this.mode as 'utf-16le' | 'utf-16be';
    this.utf16Bytes += chunk.length;
    if (final && this.utf16Bytes % 2 !== 0) {
      throw new UnsupportedEncodingError(
        `${encoding.toUpperCase()} text has an odd number of bytes (${this.utf16Bytes + this.consumed}); the file is truncated or not UTF-16`,
        this.key,
      );
    }
    try {
      return (this.utf16 as InstanceType<typeof TextDecoder>).decode(chunk, { stream: !final });
    } catch {
      throw new UnsupportedEncodingError(
        `bytes are marked ${encoding.toUpperCase()} but contain unpaired surrogates`,
        this.key,
      );
    }
  }

  private decodeUtf8Chunk(chunk: Uint8Array, final: boolean): string {
    const bytes = this.carry.length === 0 ? chunk : concatBytes([this.carry, chunk]);
    const length = final ? bytes.length : utf8SafeLength(bytes);
    const piece = bytes.subarray(0, length);
    this.carry = bytes.slice(length);
    this.consumed += length;
    let text: string | undefined;
    try {
      // The fast path: the strict decoder on a piece that ends on a sequence boundary.
      text = this.utf8.decode(piece);
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      // A valid multi-byte sequence makes fewer UTF-16 units than bytes.
      if (text.length < piece.length) this.multibyte++;
      return text;
    }
    const repaired = decodeUtf8WithCp1252Fallback(piece);
    if (this.firstInvalid === -1) this.firstInvalid = this.consumed - length + repaired.first;
    this.invalid += repaired.invalid;
    this.multibyte += repaired.multibyte;
    return repaired.text;
  }

  /** NUL bytes end decoding at once; control characters are counted for the end. */
  private check(text: string): void {
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      throw new BinaryContentError(
        `contains a NUL byte at character ${this.characters + nul}; this looks like a binary file, not text`,
        this.key,
      );
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // C0 controls other than tab, LF, VT, FF, CR, and DEL.
      if ((c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13) || c === 0x7f)
        this.controls++;
    }
    this.characters += text.length;
  }
}

/**
 * Decodes an article's bytes to text (the whole object at once; {@link StreamDecoder} for chunks).
 *
 * @param bytes the raw object content
 * @param key object key or file name, used only in error messages
 * @throws BinaryContentError for binary files (signature, NUL bytes, control characters)
 * @throws UnsupportedEncodingError for UTF-32 or malformed UTF-16
 */
export function decode(bytes: Uint8Array, key?: string): DecodedText {
  const decoder = new StreamDecoder(key);
  const first = decoder.push(bytes);
  const rest = decoder.end();
  return { text: first + rest.text, encoding: rest.encoding, warnings: rest.warnings };
}
