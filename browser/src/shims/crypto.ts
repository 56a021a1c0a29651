// `node:crypto` in the browser build (see README.md): random bytes from Web Crypto, no hashes.
function encode(bytes: Uint8Array, encoding?: string): string {
  if (encoding === 'hex') return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return btoa(String.fromCharCode(...bytes));
}

export function randomBytes(size: number): Uint8Array & { toString(encoding?: string): string } {
  const webCrypto = (globalThis as { crypto?: { getRandomValues<T extends Uint8Array>(array: T): T } }).crypto;
  if (!webCrypto) throw new Error('random bytes are not available');
  const bytes = webCrypto.getRandomValues(new Uint8Array(size));
  return Object.assign(bytes, { toString: (encoding?: string) => encode(bytes, encoding) });
}

export function createHash(_algorithm: string): never {
  throw new Error('hashing is not available in the browser');
}
export default { randomBytes, createHash };
