import type { Role } from '@crm/contracts';

/** Who is signed in to a console session: what the services' tokens carry. */
export interface ConsoleUser {
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly region?: string;
}
