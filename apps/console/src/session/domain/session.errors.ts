import { CodedError } from '@crm/event-store';

/** Why the console refuses a request before it reaches a service. */
export enum ConsoleErrorCode {
  NotSignedIn = 'NOT_SIGNED_IN',
  CsrfTokenInvalid = 'CSRF_TOKEN_INVALID',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
  RouteNotOffered = 'ROUTE_NOT_OFFERED',
  UnknownDemoUser = 'UNKNOWN_DEMO_USER',
  LocalSignInDisabled = 'LOCAL_SIGN_IN_DISABLED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  ExportCallInvalid = 'EXPORT_CALL_INVALID',
  SignInWithProviderDisabled = 'SIGN_IN_WITH_PROVIDER_DISABLED',
  SignInStateInvalid = 'SIGN_IN_STATE_INVALID',
  SignInRefused = 'SIGN_IN_REFUSED',
  NoConsoleRole = 'NO_CONSOLE_ROLE',
  LiveUpdatesOff = 'LIVE_UPDATES_OFF',
}

export class ConsoleError extends CodedError<ConsoleErrorCode> {}
