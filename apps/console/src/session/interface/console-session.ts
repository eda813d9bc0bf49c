import type { Request } from 'express';
import type { ConsoleUser } from '@apps/console/src/session/domain/console-user';

/** What a console session holds, server-side in Redis (and csrf-sync's token): the browser sees only the cookie's id. */
declare module 'express-session' {
  interface SessionData {
    user: ConsoleUser;
    /** The services' token for this user; never sent to the browser. */
    serviceToken: string;
  }
}

export const SESSION_COOKIE = 'crm_console';
export const CSRF_HEADER = 'x-csrf-token';

export type SignedInRequest = Request & {
  session: Request['session'] & { user: ConsoleUser; serviceToken: string };
};

export const isSignedIn = (request: Request): request is SignedInRequest =>
  Boolean(request.session?.user && request.session.serviceToken);
