/**
 * The shapes openapi-typescript writes again for every path and operation of every service (each
 * kind of parameter and each method a document leaves out as `never`, an answer without a schema),
 * and the operations, lists and pages every service has, named once: scripts/console-api.mjs
 * writes these names into the generated clients instead.
 * `Flat` makes a named shape the very type of the literal it stands for.
 */
type Flat<T> = { [K in keyof T]: T[K] };

/** The parameters of a request that declares none. */
export interface NoParameters {
  query?: never;
  header?: never;
  path?: never;
  cookie?: never;
}

/** A request's parameters: the kinds it declares, `never` for the others. */
export type RequestParameters<TDeclared extends object> = Flat<
  Omit<NoParameters, keyof TDeclared> & TDeclared
>;

interface NoMethods {
  parameters: NoParameters;
  get?: never;
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

/** A path's operations: the methods it has, `never` for the others. */
export type PathItem<TMethods extends object> = Flat<Omit<NoMethods, keyof TMethods> & TMethods>;

/** An answer the document gives no schema for (a 204; ADR 139 gives every other one a schema). */
export interface UntypedResponse {
  headers: {
    [name: string]: unknown;
  };
  content?: never;
}

/** An answer with a JSON body of type `TJson`. */
export interface JsonAnswer<TJson> {
  headers: {
    [name: string]: unknown;
  };
  content: {
    'application/json': TJson;
  };
}

/** A request body of JSON of type `TJson`. */
export interface JsonBody<TJson> {
  content: {
    'application/json': TJson;
  };
}

/** A document's components: the schemas it names (`never`: none), and no other kind. */
export interface Components<TSchemas = never> {
  schemas: TSchemas;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}

/**
 * An operation with one answer, JSON of type `TJson` under `TStatus` (200 OK or 201 Created), that
 * takes a JSON body of type `TBody` (`never`: no body).
 */
export type JsonOperation<
  TParameters,
  TJson,
  TBody = never,
  TStatus extends 200 | 201 = 200,
> = Flat<
  { parameters: TParameters } & ([TBody] extends [never]
    ? { requestBody?: never }
    : { requestBody: JsonBody<TBody> }) & { responses: { [S in TStatus]: JsonAnswer<TJson> } }
>;

/** A list's query: `cursor` (the previous page's `nextCursor`), `limit`, and the list's filters. */
export type PageQuery<TFilters extends object = Record<never, never>> = Flat<
  { cursor?: unknown; limit?: number } & TFilters
>;

/** A page of a list: its items, and `nextCursor` to pass as `cursor` for the next (null on the last). */
export interface Page<TItem> {
  readonly items: TItem[];
  nextCursor: string | null;
}
