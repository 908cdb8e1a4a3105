/** Base64 <-> bytes for the packed models (the NER model, wink-nlp's core model). Pure. */

/**
 * Decodes base64 into bytes. Uses the runtime's native decoder where there is one (Node's
 * `Buffer`: the model's ~2 MB of base64 decode in ~2 ms instead of ~25 ms through `atob` and a
 * byte loop that runs cold at every start), else `atob` (any JS runtime). The bytes are copied
 * into a fresh, aligned buffer so typed-array views of any width can be laid over them.
 */
export function base64ToBytes(text: string): Uint8Array {
  const native = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): Uint8Array } }).Buffer;
  if (native) {
    const decoded = native.from(text, 'base64');
    const bytes = new Uint8Array(decoded.length);
    bytes.set(decoded);
    return bytes;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as base64 (training side; chunked to stay within argument limits). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
