import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as AnalyticsPaths } from './generated/analytics';
import type { paths as ComplaintsPaths } from './generated/complaints';
import type { paths as CustomersPaths } from './generated/customers';
import type { paths as VisitsPaths } from './generated/visits';
import { currentCsrfToken } from './session';

/** Every call goes to the console's own origin; the session cookie and CSRF token go with it. */
const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET') request.headers.set('x-csrf-token', currentCsrfToken());
    return request;
  },
};

const clientFor = <TPaths extends object>(service: string) => {
  const client = createClient<TPaths>({ baseUrl: `/api/${service}`, credentials: 'same-origin' });
  client.use(sessionMiddleware);
  return client;
};

/** One typed client per service, generated from its OpenAPI document (npm run console:api). */
export const api = {
  customers: clientFor<CustomersPaths>('customers'),
  visits: clientFor<VisitsPaths>('visits'),
  complaints: clientFor<ComplaintsPaths>('complaints'),
  analytics: clientFor<AnalyticsPaths>('analytics'),
};

/** One page of a list, as every service answers it (`nextCursor` asks for the next). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A problem+json answer, as an Error the query cache and the pages can show. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: {
      title?: string;
      detail?: string;
      errors?: { field: string; message: string }[];
    },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
  }
}

/** Unwraps openapi-fetch's `{ data, error, response }`: the data, or an ApiProblem thrown. */
export async function answer<TView>(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<TView> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(response.status, (error ?? {}) as ApiProblem['problem']);
  return data as TView;
}
