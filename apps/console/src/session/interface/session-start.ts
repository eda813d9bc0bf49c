import type { Request } from 'express';
import type { ConsoleUser } from '@apps/console/src/session/domain/console-user';
import type { ServiceTokenMinter } from '@apps/console/src/session/infrastructure/service-token.minter';

export const promisify = (run: (done: (error?: unknown) => void) => void): Promise<void> =>
  new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));

/**
 * Signs the browser in as `user`: a new session id (an id planted before, session fixation, is
 * worth nothing) holding the user and the service token minted for them. `beforeSave` may read
 * the new session (its CSRF token) before it is stored.
 */
export async function startSession<TView>(
  request: Request,
  user: ConsoleUser,
  minter: ServiceTokenMinter,
  beforeSave: () => TView,
): Promise<TView> {
  // eslint-disable-next-line no-restricted-syntax -- services verify a token's iat/exp on real time
  const serviceToken = await minter.mint(user, new Date());
  await promisify((done) => request.session.regenerate(done));
  request.session.user = user;
  request.session.serviceToken = serviceToken;
  const view = beforeSave();
  await promisify((done) => request.session.save(done));
  return view;
}
