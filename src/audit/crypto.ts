import type * as NodeCrypto from 'node:crypto';
import { bytesToHex } from './bytes.js';
import { hmacSha256Bytes, hmacSha256HexPure, sha256Bytes, sha256HexPure } from './sha256.js';

/**
 * The two primitives the log needs. Inject your own (for example one backed by react-native-quick-crypto)
 * through `createAuditLog({ crypto })`; both must return lowercase hex.
 */
export interface AuditCrypto {
  sha256Hex(text: string): string;
  hmacSha256Hex(key: Uint8Array, text: string): string;
  /** Random bytes for the log id and the per-log value salt. */
  randomBytes(length: number): Uint8Array;
  /** Optional byte variants; with them `verifyAuditLog` checks an intact log without decoding it to text. */
  sha256HexBytes?(data: Uint8Array): string;
  hmacSha256HexBytes?(key: Uint8Array, data: Uint8Array): string;
}

/** The dependency-free implementation: pure-JS SHA-256 and HMAC; randomness from Web Crypto when present. */
export const pureCrypto: AuditCrypto = {
  sha256Hex: sha256HexPure,
  hmacSha256Hex: hmacSha256HexPure,
  sha256HexBytes: (data) => bytesToHex(sha256Bytes(data)),
  hmacSha256HexBytes: (key, data) => bytesToHex(hmacSha256Bytes(key, data)),
  randomBytes(length) {
    const out = new Uint8Array(length);
    const web = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
    if (web?.getRandomValues) return web.getRandomValues(out);
    for (let i = 0; i < length; i++) out[i] = Math.floor(Math.random() * 256);
    return out;
  },
};

function loadNodeCrypto(): typeof NodeCrypto | undefined {
  // getBuiltinModule instead of a static import keeps Metro (React Native) from trying to bundle node:crypto.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

let cached: AuditCrypto | undefined;

/** node:crypto when running on Node, the pure-JS implementation elsewhere. */
export function defaultCrypto(): AuditCrypto {
  if (cached) return cached;
  const nc = loadNodeCrypto();
  if (!nc) return (cached = pureCrypto);
  // crypto.hash (Node 20.12+) is a one-shot digest, 2-3x faster than createHash for a log line.
  const oneShot = (nc as { hash?: (alg: string, data: string | Uint8Array, enc: string) => string | Buffer }).hash;
  const sha256Hex = oneShot
    ? (text: string) => oneShot('sha256', text, 'hex') as string
    : (text: string) => nc.createHash('sha256').update(text, 'utf8').digest('hex');
  // createHmac measured faster than an HMAC assembled from one-shot digests, so it stays.
  const hmacSha256Hex = (key: Uint8Array, text: string) => nc.createHmac('sha256', key).update(text, 'utf8').digest('hex');
  const sha256HexBytes = oneShot
    ? (data: Uint8Array) => oneShot('sha256', data, 'hex') as string
    : (data: Uint8Array) => nc.createHash('sha256').update(data).digest('hex');
  const hmacSha256HexBytes = (key: Uint8Array, data: Uint8Array) => nc.createHmac('sha256', key).update(data).digest('hex');
  cached = { sha256Hex, hmacSha256Hex, sha256HexBytes, hmacSha256HexBytes, randomBytes: (length) => new Uint8Array(nc.randomBytes(length)) };
  return cached;
}
