import { Controller, Get, Inject, Logger, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '@crm/platform';
import type { ConsoleConfig } from '@apps/console/src/console.config';
import { userFromClaims } from '@apps/console/src/session/domain/provider-claims';
import { ConsoleError, ConsoleErrorCode } from '@apps/console/src/session/domain/session.errors';
import { OidcProviderClient } from '@apps/console/src/session/infrastructure/oidc-provider.client';
import { ServiceTokenMinter } from '@apps/console/src/session/infrastructure/service-token.minter';
import {
  SIGN_IN_TRANSACTION_TTL_SECONDS,
  SignInTransactionStore,
} from '@apps/console/src/session/infrastructure/sign-in-transaction.store';
import { startSession } from './session-start';

/**
 * The browser's sign-in transaction id. SameSite=Lax, not Strict like the session cookie: the
 * provider sends the browser back with a top-level navigation from its own site, which a Strict
 * cookie would not come with. It holds nothing but a random id, and only for this path.
 */
export const SIGN_IN_COOKIE = 'crm_console_oidc';
const SIGN_IN_PATH = '/session/oidc';

const cookieOf = (request: Request, name: string): string | undefined => {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
};

const stateRefused = (message: string) =>
  new ConsoleError(ConsoleErrorCode.SignInStateInvalid, message, {
    errors: [{ field: 'state', message: 'not the state of a sign-in this browser started' }],
  });

/**
 * OIDC sign-in, authorisation code with PKCE: `start` sends the browser to the provider with a
 * fresh state, nonce and code challenge; `callback` takes the transaction back (once), lets
 * openid-client exchange the code and verify the ID token, maps its claims to the user's roles
 * and region, and opens the session as the local sign-in does (the service token minted here).
 * No token ever reaches the browser; it leaves with the session cookie and a redirect to `/`.
 */
@Controller(SIGN_IN_PATH)
export class OidcSignInController {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    private readonly minter: ServiceTokenMinter,
    private readonly transactions: SignInTransactionStore,
    @Inject(OidcProviderClient) private readonly provider: OidcProviderClient | null,
  ) {}

  @Get('start')
  async start(@Res() response: Response): Promise<void> {
    const provider = this.configured();
    let begun: Awaited<ReturnType<OidcProviderClient['begin']>>;
    try {
      begun = await provider.begin();
    } catch (error) {
      throw new ConsoleError(
        ConsoleErrorCode.ServiceUnavailable,
        `the sign-in provider did not answer: ${(error as Error).message}`,
      );
    }
    const id = await this.transactions.keep(begun.transaction);
    response.cookie(SIGN_IN_COOKIE, id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.COOKIE_SECURE,
      path: SIGN_IN_PATH,
      maxAge: SIGN_IN_TRANSACTION_TTL_SECONDS * 1000,
    });
    response.redirect(303, begun.url);
  }

  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const provider = this.configured();
    response.clearCookie(SIGN_IN_COOKIE, { path: SIGN_IN_PATH });
    const id = cookieOf(request, SIGN_IN_COOKIE);
    const transaction = id ? await this.transactions.take(id) : undefined;
    if (!transaction) throw stateRefused('no sign-in under way in this browser (or it expired)');
    if (request.query['state'] !== transaction.state) {
      throw stateRefused('the state is not the one this browser was sent with');
    }
    let claims: Record<string, unknown>;
    try {
      claims = await provider.finish(
        new URL(request.originalUrl, this.config.OIDC_REDIRECT_URI),
        transaction,
      );
    } catch (error) {
      this.logger.warn({ msg: 'sign-in refused', reason: (error as Error).message });
      throw new ConsoleError(ConsoleErrorCode.SignInRefused, (error as Error).message, {
        errors: [{ field: 'code', message: 'the provider’s answer could not be verified' }],
      });
    }
    const outcome = userFromClaims(claims, {
      userIdClaim: this.config.OIDC_USER_ID_CLAIM,
      nameClaim: this.config.OIDC_NAME_CLAIM,
      rolesClaim: this.config.OIDC_ROLES_CLAIM,
      regionClaim: this.config.OIDC_REGION_CLAIM,
      roleMap: this.config.OIDC_ROLE_MAP,
    });
    if (outcome.outcome === 'no-user-id') {
      throw new ConsoleError(
        ConsoleErrorCode.SignInRefused,
        `the ID token has no ${this.config.OIDC_USER_ID_CLAIM}`,
        { errors: [{ field: this.config.OIDC_USER_ID_CLAIM, message: 'missing in the ID token' }] },
      );
    }
    if (outcome.outcome === 'no-role') {
      throw new ConsoleError(
        ConsoleErrorCode.NoConsoleRole,
        `the provider grants this user no CRM role (claim ${this.config.OIDC_ROLES_CLAIM})`,
      );
    }
    await startSession(request, outcome.user, this.minter, () => undefined);
    response.redirect(303, '/');
  }

  private configured(): OidcProviderClient {
    if (!this.provider) {
      throw new ConsoleError(
        ConsoleErrorCode.SignInWithProviderDisabled,
        'this console has no OIDC provider configured',
      );
    }
    return this.provider;
  }
}
