/** What a service answered, as the tests read it: status, headers and the JSON body. */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The content type, '' when none. */
  readonly type: string;
  readonly body: Record<string, unknown>;
}

export interface JsonRequest {
  /** The bearer token; no authorization header without one. */
  readonly token?: string | undefined;
  /** Sent as JSON (a string as it is); no body without one. */
  readonly body?: unknown;
  readonly headers?: Record<string, string> | undefined;
}

/** One request as a service's clients send it: a bearer token, JSON in and out. */
export async function callJson(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: JsonRequest = {},
): Promise<JsonAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    type: response.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
  };
}

/** Callers by name, each with its token, against one service: `call(who, method, path, …)`. */
export const callersOf =
  (url: () => string, tokens: Readonly<Record<string, string>>) =>
  (
    who: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonAnswer> =>
    callJson(url(), method, path, { token: tokens[who], body, headers });
