import * as oidc from 'openid-client';
import type { ConsoleConfig } from '@apps/console/src/console.config';

/** What the console remembers between sending the browser to the provider and its return. */
export interface SignInTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface OidcSettings {
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly redirectUri: string;
  readonly scopes: string;
  readonly allowHttp: boolean;
}

export const oidcSettingsOf = (config: ConsoleConfig): OidcSettings | undefined =>
  config.OIDC_ISSUER_URL && config.OIDC_CLIENT_ID && config.OIDC_REDIRECT_URI
    ? {
        issuer: new URL(config.OIDC_ISSUER_URL),
        clientId: config.OIDC_CLIENT_ID,
        clientSecret: config.OIDC_CLIENT_SECRET,
        redirectUri: config.OIDC_REDIRECT_URI,
        scopes: config.OIDC_SCOPES,
        allowHttp: config.OIDC_ALLOW_HTTP,
      }
    : undefined;

/**
 * The authorisation-code flow with PKCE against the configured provider (openid-client): the
 * provider's metadata is discovered on first use (and again after a failed discovery), the ID
 * token's signature, issuer, audience, expiry and nonce are verified by the library.
 */
export class OidcProviderClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  /** Where to send the browser, and the transaction to keep until it returns. */
  async begin(): Promise<{ url: string; transaction: SignInTransaction }> {
    const configuration = await this.discovered();
    const transaction: SignInTransaction = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, transaction };
  }

  /** The verified ID token's claims for the provider's answer (the callback's full URL). */
  async finish(callbackUrl: URL, transaction: SignInTransaction): Promise<Record<string, unknown>> {
    const configuration = await this.discovered();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider answered without an ID token');
    return { ...claims };
  }

  private discovered(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        this.settings.issuer,
        this.settings.clientId,
        { redirect_uris: [this.settings.redirectUri] },
        this.settings.clientSecret === undefined
          ? oidc.None()
          : oidc.ClientSecretPost(this.settings.clientSecret),
        this.settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }
}
