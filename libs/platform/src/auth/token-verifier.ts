import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ROLES } from '@crm/contracts';
import type { Principal } from './principal';

export interface TokenVerifierSettings {
  readonly secret?: string | undefined;
  readonly jwksUrl?: string | undefined;
  /** `iss` every token must carry. */
  readonly issuer: string;
  /** `aud` every token must carry (one of its audiences). */
  readonly audience: string;
  /** The longest a token may live: `exp` at most this far after `iat` and after now. */
  readonly maxLifetimeSeconds: number;
  /** Clock skew allowed between the issuer and this service. */
  readonly clockToleranceSeconds: number;
  readonly jwksCooldownMs?: number | undefined;
  readonly jwksCacheMs?: number | undefined;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  iat: z.number().int(),
  exp: z.number().int(),
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
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        // A token without `exp`, `iat` or `sub` is refused; `maxTokenAge` also refuses an `iat`
        // in the future (beyond the tolerance).
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: this.settings.maxLifetimeSeconds,
        clockTolerance: this.settings.clockToleranceSeconds,
        algorithms: this.settings.jwksUrl ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
      };
      const { payload } =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return undefined;
      // `exp` a century ahead with a fresh `iat` passes maxTokenAge: its lifetime is checked too.
      // eslint-disable-next-line no-restricted-syntax -- a token's iat/exp are on real time
      const now = Math.floor(Date.now() / 1000);
      const latestExpiry = Math.min(claims.data.iat, now) + this.settings.maxLifetimeSeconds;
      if (claims.data.exp > latestExpiry + this.settings.clockToleranceSeconds) return undefined;
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
