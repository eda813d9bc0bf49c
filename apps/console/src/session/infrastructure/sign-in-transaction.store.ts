import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SignInTransaction } from './oidc-provider.client';

/** How long a browser may take at its provider before the sign-in must start again. */
export const SIGN_IN_TRANSACTION_TTL_SECONDS = 600;

/**
 * The sign-in transactions under way (state, nonce, PKCE verifier), in Redis under a random id the
 * browser holds in a cookie; each is used once: taking it deletes it.
 */
export class SignInTransactionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async keep(transaction: SignInTransaction): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis.set(
      this.key(id),
      JSON.stringify(transaction),
      'EX',
      SIGN_IN_TRANSACTION_TTL_SECONDS,
    );
    return id;
  }

  async take(id: string): Promise<SignInTransaction | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const stored = await this.redis.getdel(this.key(id));
    return stored ? (JSON.parse(stored) as SignInTransaction) : undefined;
  }

  private key(id: string): string {
    return `${this.prefix}oidc:${id}`;
  }
}
