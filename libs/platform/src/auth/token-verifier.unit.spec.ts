import { SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

const secret = 'unit-test-secret-0123456789abcdef';
const verifier = new TokenVerifier({
  secret,
  issuer: 'crm-unit',
  audience: 'crm',
  maxLifetimeSeconds: 12 * 3600,
  clockToleranceSeconds: 30,
});
const now = () => Math.floor(Date.now() / 1000);

interface Claims {
  readonly iss?: string;
  readonly aud?: string;
  readonly iat?: number;
  readonly exp?: number;
}
const tokenWith = (
  { iss = 'crm-unit', aud = 'crm', iat = now(), exp = now() + 3600 }: Claims,
  omit: string[] = [],
) => {
  const jwt = new SignJWT({ roles: ['sales_rep'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('rep-1');
  if (!omit.includes('iss')) jwt.setIssuer(iss);
  if (!omit.includes('aud')) jwt.setAudience(aud);
  if (!omit.includes('iat')) jwt.setIssuedAt(iat);
  if (!omit.includes('exp')) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(secret));
};

describe('token verifier: exp within the maximum lifetime, iat not in the future, configured iss and aud', () => {
  it('accepts a token of the configured issuer and audience living an hour', async () => {
    expect(await verifier.verify(await tokenWith({}))).toEqual({
      userId: 'rep-1',
      roles: ['sales_rep'],
    });
  });

  it.each([
    ['without exp', {}, ['exp']],
    ['without iat', {}, ['iat']],
    ['without iss', {}, ['iss']],
    ['without aud', {}, ['aud']],
    ['of another issuer', { iss: 'https://evil.example' }, []],
    ['for another audience', { aud: 'someone-else' }, []],
    ['expiring a century ahead', { exp: now() + 100 * 365 * 86_400 }, []],
    ['living 13 hours', { exp: now() + 13 * 3600 }, []],
    ['issued in the future', { iat: now() + 3600, exp: now() + 7200 }, []],
    ['issued long ago and still unexpired', { iat: now() - 30 * 86_400, exp: now() + 3600 }, []],
    ['expired', { iat: now() - 7200, exp: now() - 3600 }, []],
  ] as const)('refuses a token %s', async (_, claims, omit) => {
    expect(await verifier.verify(await tokenWith(claims, [...omit]))).toBeUndefined();
  });

  it('tolerates the configured clock skew, no more', async () => {
    expect(await verifier.verify(await tokenWith({ iat: now() + 20 }))).toBeDefined();
    expect(await verifier.verify(await tokenWith({ iat: now() + 120 }))).toBeUndefined();
  });
});
