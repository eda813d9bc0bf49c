import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { APP_CONFIG, ZodPipe } from '@crm/platform';
import type { ConsoleConfig } from '@apps/console/src/console.config';
import { allowedCallsOf } from '@apps/console/src/gateway/domain/console-routes';
import { DEMO_USERS, demoUser } from '@apps/console/src/session/domain/demo-users';
import { ConsoleError, ConsoleErrorCode } from '@apps/console/src/session/domain/session.errors';
import type { SessionView } from '@apps/console/src/session/domain/session-view';
import { ServiceTokenMinter } from '@apps/console/src/session/infrastructure/service-token.minter';
import { oidcSettingsOf } from '@apps/console/src/session/infrastructure/oidc-provider.client';
import { csrf } from './session.middleware';
import { promisify, startSession } from './session-start';

const localSignInRequest = z.object({ userId: z.string().min(1).max(100) }).strict();

/** The console's session: who is signed in, the demo users' sign-in, sign-out (OIDC: oidc-sign-in.controller). */
@Controller('session')
export class SessionController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    private readonly minter: ServiceTokenMinter,
  ) {}

  /** Who this browser is signed in as (if anyone), and the CSRF token its calls must carry. */
  @Get()
  current(@Req() request: Request): SessionView {
    return this.view(request);
  }

  @Post('local')
  @HttpCode(200)
  async signInLocally(
    @Req() request: Request,
    @Body(new ZodPipe(localSignInRequest)) input: z.infer<typeof localSignInRequest>,
  ): Promise<SessionView> {
    if (!this.config.LOCAL_SIGN_IN) {
      throw new ConsoleError(ConsoleErrorCode.LocalSignInDisabled, 'sign in with your provider');
    }
    const user = demoUser(input.userId);
    if (!user) {
      throw new ConsoleError(ConsoleErrorCode.UnknownDemoUser, `no demo user ${input.userId}`, {
        errors: [
          {
            field: 'userId',
            message: `must be one of ${DEMO_USERS.map((u) => u.userId).join(', ')}`,
          },
        ],
      });
    }
    return startSession(request, user, this.minter, () => this.view(request, true));
  }

  @Delete()
  @HttpCode(204)
  async signOut(@Req() request: Request): Promise<void> {
    await promisify((done) => request.session.destroy(done));
  }

  private view(request: Request, overwrite = false): SessionView {
    return {
      user: request.session.user ?? null,
      csrfToken: csrf.generateToken(request, overwrite),
      signInWithProvider: oidcSettingsOf(this.config) !== undefined,
      demoUsers: this.config.LOCAL_SIGN_IN ? DEMO_USERS : [],
      allowedCalls: allowedCallsOf(request.session.user?.roles ?? []),
    };
  }
}
