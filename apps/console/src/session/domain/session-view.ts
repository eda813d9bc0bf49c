import type { ConsoleUser } from './console-user';

/** What `GET /session` answers, and what the SPA reads (it imports this type). */
export interface SessionView {
  readonly user: ConsoleUser | null;
  readonly csrfToken: string;
  /** Whether the console signs in with an OIDC provider (`GET /session/oidc/start`). */
  readonly signInWithProvider: boolean;
  /** The demo users, where local sign-in is on (`npm start`); empty elsewhere. */
  readonly demoUsers: readonly ConsoleUser[];
  /** `METHOD service path` of every call the console forwards for this user: what the SPA offers. */
  readonly allowedCalls: readonly string[];
}
