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

/**
 * Unwraps openapi-fetch's `{ data, error, response }`: the data, typed as the service's OpenAPI
 * document describes the answer, or an ApiProblem thrown.
 */
export async function answer<TData>(
  call: Promise<{ data?: TData; error?: unknown; response: Response }>,
): Promise<TData> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(response.status, (error ?? {}) as ApiProblem['problem']);
  return data as TData;
}

type Paths = {
  customers: CustomersPaths;
  visits: VisitsPaths;
  complaints: ComplaintsPaths;
  analytics: AnalyticsPaths;
};
type JsonOf<TAnswer> = TAnswer extends { content: { 'application/json': infer TJson } }
  ? TJson
  : never;
type BodyOf<TOperation> = TOperation extends {
  requestBody: { content: { 'application/json': infer TJson } };
}
  ? TJson
  : never;
type SuccessOf<TOperation> = TOperation extends { responses: infer TResponses }
  ? { [S in keyof TResponses & (200 | 201 | 202)]: JsonOf<TResponses[S]> }[keyof TResponses &
      (200 | 201 | 202)]
  : never;

/**
 * The JSON a service answers an operation with, from its generated client (its OpenAPI
 * document): `ApiAnswer<'analytics', '/engagement/greetings', 'get'>`. Pages name the views they
 * show by it, so they read what the service documents and never a shape declared by hand.
 */
export type ApiAnswer<
  TService extends keyof Paths,
  TPath extends keyof Paths[TService],
  TMethod extends keyof Paths[TService][TPath] = 'get' & keyof Paths[TService][TPath],
> = SuccessOf<NonNullable<Paths[TService][TPath][TMethod]>>;

/**
 * The JSON a service takes as an operation's request body, from its generated client:
 * `ApiBody<'customers', '/customers/{id}/purchases', 'post'>`. Forms and changes name what they
 * send by it, as pages name what they show by ApiAnswer.
 */
export type ApiBody<
  TService extends keyof Paths,
  TPath extends keyof Paths[TService],
  TMethod extends keyof Paths[TService][TPath],
> = BodyOf<NonNullable<Paths[TService][TPath][TMethod]>>;
