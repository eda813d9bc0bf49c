import type { Request, Response } from 'express';
import { mapErrorCodes, PROBLEM_CONTENT_TYPE } from '@crm/platform';
import { ConsoleError, ConsoleErrorCode } from '@apps/console/src/session/domain/session.errors';

export const consoleErrorMapping = mapErrorCodes(ConsoleError, {
  [ConsoleErrorCode.NotSignedIn]: { status: 401, title: 'Sign in to the console first' },
  [ConsoleErrorCode.CsrfTokenInvalid]: {
    status: 403,
    title: 'The request did not carry this session’s CSRF token',
  },
  [ConsoleErrorCode.RoleNotAllowed]: { status: 403, title: 'Your roles do not allow this call' },
  [ConsoleErrorCode.RouteNotOffered]: {
    status: 404,
    title: 'The console does not offer this call',
  },
  [ConsoleErrorCode.UnknownDemoUser]: { status: 400, title: 'The request is invalid' },
  [ConsoleErrorCode.LocalSignInDisabled]: {
    status: 404,
    title: 'Local sign-in is not enabled on this console',
  },
  [ConsoleErrorCode.ServiceUnavailable]: { status: 503, title: 'The service did not answer' },
  [ConsoleErrorCode.ExportCallInvalid]: { status: 400, title: 'The request is invalid' },
  [ConsoleErrorCode.SignInWithProviderDisabled]: {
    status: 404,
    title: 'Sign-in with a provider is not configured on this console',
  },
  [ConsoleErrorCode.SignInStateInvalid]: {
    status: 400,
    title: 'This sign-in was not started by this browser',
  },
  [ConsoleErrorCode.SignInRefused]: {
    status: 400,
    title: 'The sign-in provider’s answer was refused',
  },
  [ConsoleErrorCode.NoConsoleRole]: {
    status: 403,
    title: 'Your account has no role in the CRM',
  },
  [ConsoleErrorCode.LiveUpdatesOff]: {
    status: 404,
    title: 'This console has no live updates (no Kafka brokers configured)',
  },
});

/** For the Express middlewares in front of Nest (session, CSRF, gateway): the same problem body. */
export function sendConsoleProblem(
  request: Request,
  response: Response,
  error: ConsoleError,
): void {
  const body = { ...consoleErrorMapping.toProblem(error, request), instance: request.originalUrl };
  if (response.headersSent) return;
  if (body.status === 503) response.setHeader('Retry-After', '2');
  response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
