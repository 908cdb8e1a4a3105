import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../functions/lib/base64.ts';

describe('base64ToBytes', () => {
  it('decodes base64 alike with and without a native decoder, into an aligned buffer', () => {
    const bytes = Uint8Array.from({ length: 1027 }, (_, i) => (i * 37 + 11) & 0xff);
    const text = bytesToBase64(bytes);
    const native = base64ToBytes(text);
    const saved = globalThis.Buffer;
    let portable: Uint8Array;
    try {
      // @ts-expect-error: simulate a runtime without Node's Buffer
      globalThis.Buffer = undefined;
      portable = base64ToBytes(text);
    } finally {
      globalThis.Buffer = saved;
    }
    expect(native).toEqual(bytes);
    expect(portable).toEqual(bytes);
    // Typed arrays of 4-byte elements are laid over the result: it must start its own buffer.
    expect(native.byteOffset).toBe(0);
    expect(native.buffer.byteLength).toBe(bytes.length);
  });
});
