import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ROLES } from '@crm/contracts';
import type { Principal } from './principal';

export interface TokenVerifierSettings {
  readonly secret?: string | undefined;
  readonly jwksUrl?: string | undefined;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  readonly jwksCooldownMs?: number | undefined;
  readonly jwksCacheMs?: number | undefined;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  region: z.string().min(1).max(100).optional(),
});

/** Verifies bearer tokens against a JWKS URL (production, keys rotate) or a shared secret (local). */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly settings: TokenVerifierSettings) {
    if (settings.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl), {
        ...(settings.jwksCooldownMs ? { cooldownDuration: settings.jwksCooldownMs } : {}),
        ...(settings.jwksCacheMs ? { cacheMaxAge: settings.jwksCacheMs } : {}),
      });
    } else if (settings.secret) this.key = new TextEncoder().encode(settings.secret);
    else throw new Error('TokenVerifier needs a JWKS URL or a secret');
  }

  /** Returns the principal, or undefined for any token that is not valid. */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const options = {
        ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}),
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
        algorithms: this.settings.jwksUrl ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
      };
      const { payload } =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return undefined;
      return {
        userId: claims.data.sub,
        roles: claims.data.roles,
        ...(claims.data.region ? { region: claims.data.region } : {}),
      };
    } catch {
      return undefined;
    }
  }
}
