import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived socket tokens: `<session hash>.<expiry ms>.<hmac>`, signed with a secret kept in the store, so a
 * token cannot be forged or stretched and any node sharing the store can check it. A token proves a session
 * only for the handshake; the session itself is re-checked on every request.
 */

export class TokenSigner {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = Buffer.from(secret, 'base64url');
    if (this.#key.length < 32)
      throw new Error(`token secret: ${this.#key.length} bytes, need at least 32`);
  }

  static newSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  sign(sessionHash: string, expiresAt: number): string {
    const body = `${sessionHash}.${expiresAt}`;
    return `${body}.${this.#mac(body)}`;
  }

  /** the session hash the token speaks for, or null when it is malformed, forged or expired */
  verify(token: unknown, now: number): string | null {
    if (typeof token !== 'string' || token.length > 300) return null;
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [hash, exp, mac] = parts;
    const expected = Buffer.from(this.#mac(`${hash}.${exp}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (!(Number(exp) > now)) return null;
    return hash;
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}
