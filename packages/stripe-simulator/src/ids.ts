/**
 * Stripe-shaped random identifiers (`pi_` + 24 alphanumerics, `req_` + 14, …). Random bytes are drawn from a pooled
 * buffer because ids are minted several times per request on the hot path.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let pool = randomBytes(4096);
let offset = 0;

function nextByte(): number {
  if (offset >= pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  return pool[offset++]!;
}

/** `length` characters from [A-Za-z0-9], unbiased (bytes >= 248 are rejected). */
export function randomAlnum(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = nextByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** `prefix_` + `length` alphanumerics. Stripe's object ids use 24. */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomAlnum(length)}`;
}

export const newRequestId = (): string => newId('req', 14);
