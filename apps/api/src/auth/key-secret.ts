import { createHash, randomBytes } from 'node:crypto';

/** Prefix of every key, so a leaked key is recognisable in logs and secret scanners. */
const KEY_PREFIX = 'attain_';

/** A new random key (256 bits); shown to its owner once and never stored. */
export function generateKeySecret(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The sha256 hash we store and look keys up by. */
export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
