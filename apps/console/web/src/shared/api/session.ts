import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@crm/contracts';
import type { SessionView } from '@console-bff/session-view';

export type { Role, SessionView };

/**
 * The CSRF token of this session, in memory only (never in storage or a URL): every
 * state-changing call sends it in X-CSRF-Token.
 */
let csrfToken = '';
export const currentCsrfToken = (): string => csrfToken;

const remember = (view: SessionView): SessionView => {
  csrfToken = view.csrfToken;
  return view;
};

const sessionCall = async (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

export async function fetchSession(): Promise<SessionView> {
  const response = await sessionCall('GET', '/session');
  if (!response.ok) throw new Error(`GET /session answered ${response.status}`);
  return remember((await response.json()) as SessionView);
}

export async function signInLocally(userId: string): Promise<SessionView> {
  const response = await sessionCall('POST', '/session/local', { userId });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
  return remember((await response.json()) as SessionView);
}

export async function signOut(): Promise<void> {
  await sessionCall('DELETE', '/session');
  csrfToken = '';
}

export const SESSION_KEY = ['session'] as const;

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

export function useSessionRefresh() {
  const queryClient = useQueryClient();
  return (view?: SessionView) =>
    view
      ? queryClient.setQueryData(SESSION_KEY, view)
      : queryClient.invalidateQueries({ queryKey: SESSION_KEY });
}

/** Whether this session may make a call (the console's route table decides, server-side). */
export const mayCall = (session: SessionView | undefined, call: string): boolean =>
  Boolean(session?.allowedCalls.includes(call));

export const hasRole = (session: SessionView | undefined, ...roles: Role[]): boolean =>
  Boolean(session?.user?.roles.some((role) => roles.includes(role)));
