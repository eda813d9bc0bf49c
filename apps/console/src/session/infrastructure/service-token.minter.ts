import { SignJWT } from 'jose';
import type { ConsoleUser } from '@apps/console/src/session/domain/console-user';

export interface ServiceTokenSettings {
  readonly secret: string;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  /** The token lives as long as the session that holds it. */
  readonly ttlMs: number;
}

/**
 * Mints the token a session calls the services with, signed with the services' local secret. It
 * stays on the server, in the session; the browser only ever holds the session cookie.
 */
export class ServiceTokenMinter {
  private readonly key: Uint8Array;

  constructor(private readonly settings: ServiceTokenSettings) {
    this.key = new TextEncoder().encode(settings.secret);
  }

  mint(user: ConsoleUser, now: Date): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    let token = new SignJWT({ roles: user.roles, ...(user.region ? { region: user.region } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.ceil(this.settings.ttlMs / 1000));
    if (this.settings.issuer) token = token.setIssuer(this.settings.issuer);
    if (this.settings.audience) token = token.setAudience(this.settings.audience);
    return token.sign(this.key);
  }
}
