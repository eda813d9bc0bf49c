#!/usr/bin/env node
// Generates the console's typed API clients from the services' OpenAPI documents, for the
// operations its gateway forwards (CONSOLE_ROUTES, read from the build: run `npm run build` first):
//   npm run console:api            (the services of `npm start`, on 3001–3004)
//   CUSTOMERS_URL=… npm run console:api
//   npm run console:api -- --check  (writes nothing; exits 1 naming each client that is stale)
// Writes apps/console/web/src/shared/api/generated/<service>.ts (in parts where one file would be
// long, see clientFilesOf); commit the result. The shapes they share are named from
// apps/console/web/src/shared/api/openapi-shapes.ts.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const SERVICES = {
  customers: process.env.CUSTOMERS_URL || 'http://127.0.0.1:3001',
  visits: process.env.VISITS_URL || 'http://127.0.0.1:3002',
  complaints: process.env.COMPLAINTS_URL || 'http://127.0.0.1:3003',
  analytics: process.env.ANALYTICS_URL || 'http://127.0.0.1:3004',
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Where the shared shapes are declared, once (written by hand), as the generated files import it. */
const SHAPES_MODULE = '../openapi-shapes';
const GENERATED = new URL('../apps/console/web/src/shared/api/generated/', import.meta.url);

/**
 * The operations the console's gateway forwards (its route table, read from the build): the only
 * ones its pages can call, so the only ones its clients type.
 */
function consoleRoutes() {
  const built = new URL(
    '../dist/apps/console/src/gateway/domain/console-routes.js',
    import.meta.url,
  );
  try {
    return createRequire(import.meta.url)(built.pathname).CONSOLE_ROUTES;
  } catch (error) {
    throw new Error(`the console's route table is read from the build: npm run build (${error})`);
  }
}

/** The document with only the operations the console forwards for this service. */
function forwardedOnly(document, service, routes) {
  const forwarded = routes.filter((route) => route.service === service);
  const paths = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const methods = forwarded
      .filter((route) => route.path === path)
      .map((route) => route.method.toLowerCase());
    if (methods.length === 0) continue;
    paths[path] = Object.fromEntries(
      Object.entries(item).filter(([key]) => !HTTP_METHODS.has(key) || methods.includes(key)),
    );
  }
  return { ...document, paths };
}

/** The most lines a generated file holds: a service's types beyond that are written in parts. */
const MOST_LINES = 400;

/**
 * A path's group, kept in one file: its first two segments, a parameter read as `id`
 * (`/customers/{id}/contacts` → `customers-id`), so one resource and the operations on it.
 */
const groupOf = (path) =>
  path
    .split('/')
    .filter(Boolean)
    .slice(0, 2)
    .map((segment) => (segment.startsWith('{') ? 'id' : segment))
    .join('-');

/** The document's paths, grouped by `groupOf` in the order they first appear: [group, paths]. */
function byGroup(document) {
  const groups = new Map();
  for (const [path, item] of Object.entries(document.paths)) {
    const group = groupOf(path);
    groups.set(group, { ...groups.get(group), [path]: item });
  }
  return [...groups];
}

/** An object this many properties long and repeated is named (a smaller one reads well on one line). */
const NAMED_OBJECT_PROPERTIES = 4;

/**
 * Where a document's JSON bodies hold a schema, outermost first, each with the name it would be
 * given: a request's or an answer's body (`<operationId>_body`, `<operationId>_<status>`), an
 * object's property (`…_<property>`), an array's items (`…_items`), a map's values (`…_value`).
 * A `$ref` is not followed; a named schema (`named`) is walked too, its parts under its name.
 */
function schemaPlaces(document) {
  const places = [];
  const walk = (holder, key, name, whole, named = false) => {
    const schema = holder[key];
    if (typeof schema !== 'object' || schema === null || schema.$ref !== undefined) return;
    places.push({ holder, key, name, whole, named, schema });
    for (const property of Object.keys(schema.properties ?? {})) {
      walk(schema.properties, property, `${name}_${property}`, false);
    }
    if (schema.items) walk(schema, 'items', `${name}_items`, false);
    if (typeof schema.additionalProperties === 'object') {
      walk(schema, 'additionalProperties', `${name}_value`, false);
    }
    for (const variants of ['allOf', 'anyOf', 'oneOf']) {
      (schema[variants] ?? []).forEach((_, index) =>
        walk(schema[variants], index, `${name}_${index}`, false),
      );
    }
  };
  for (const name of Object.keys(document.components?.schemas ?? {})) {
    walk(document.components.schemas, name, name, true, true);
  }
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const json = (content) => content?.['application/json'] ?? {};
      walk(json(operation.requestBody?.content), 'schema', `${operation.operationId}_body`, true);
      for (const [status, answer] of Object.entries(operation.responses ?? {})) {
        walk(json(answer.content), 'schema', `${operation.operationId}_${status}`, true);
      }
    }
  }
  return places;
}

/**
 * The document with each schema that stands in its JSON bodies more than once (a whole body, or
 * an object of NAMED_OBJECT_PROPERTIES or more properties) moved to `components.schemas`, named
 * after its first place, and referred to from every place: one type, written once.
 */
function repeatedSchemasNamed(original) {
  const document = JSON.parse(JSON.stringify(original));
  document.components = { ...document.components, schemas: { ...document.components?.schemas } };
  const worthNaming = (place) =>
    place.whole || Object.keys(place.schema.properties ?? {}).length >= NAMED_OBJECT_PROPERTIES;
  for (;;) {
    const byText = new Map();
    for (const place of schemaPlaces(document).filter(worthNaming)) {
      const text = JSON.stringify(place.schema);
      byText.set(text, [...(byText.get(text) ?? []), place]);
    }
    const [, places] =
      [...byText.entries()]
        .filter(([, group]) => group.filter((place) => !place.named).length > 0 && group.length > 1)
        .sort(([a], [b]) => b.length - a.length)[0] ?? [];
    if (!places) break;
    // Already named (the first repeat of a body was), else named here after its first place.
    const name = places.find((place) => place.named)?.name ?? places[0].name;
    document.components.schemas[name] ??= places[0].schema;
    for (const place of places.filter((entry) => !entry.named)) {
      place.holder[place.key] = { $ref: `#/components/schemas/${name}` };
    }
  }
  if (Object.keys(document.components.schemas).length === 0) delete document.components.schemas;
  return document;
}

const f = ts.factory;
const sourceFile = ts.createSourceFile('shape.ts', '', ts.ScriptTarget.Latest);
const printers = {
  bare: ts.createPrinter({ removeComments: true }),
  commented: ts.createPrinter(),
};
/** A type as one line of text (without its comments), to recognise a shape openapi-typescript wrote. */
const textOf = (node, printer = printers.bare) =>
  printer.printNode(ts.EmitHint.Unspecified, node, sourceFile).replace(/\s+/g, ' ');
const UNTYPED_RESPONSE = '{ headers: { [name: string]: unknown; }; content?: never; }';
const ANY_HEADERS = '{ [name: string]: unknown; }';
/** The kinds of components a document has: the schemas it names, and the others, which it leaves `never`. */
const COMPONENT_KINDS = [
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'pathItems',
];
/** The description openapi-typescript gives an answer the document describes by its status only. */
const PLAIN_ANSWERS = { 200: 'OK', 201: 'Created' };
/** A type literal this short, with no comment in it, is printed on one line. */
const ONE_LINE = 80;

const nameOf = (member) => member.name?.text;
const memberOf = (literal, name) => literal.members.find((member) => nameOf(member) === name);
const withType = (member, type) =>
  f.updatePropertySignature(member, member.modifiers, member.name, member.questionToken, type);
/** A node's JSDoc as openapi-typescript writes it (`@description …`), on one line; '' without. */
const docOf = (node) =>
  (ts.getSyntheticLeadingComments(node) ?? [])
    .map((comment) => comment.text.replace(/[\s*]+/g, ' ').trim())
    .join(' ');
const isNever = (type) => type?.kind === ts.SyntaxKind.NeverKeyword;
/** The type argument of `Name<T>`, else undefined. */
const argumentOf = (type, name) =>
  type && ts.isTypeReferenceNode(type) && type.typeName.text === name
    ? type.typeArguments?.[0]
    : undefined;
/** A literal's members that say something: not the `kind?: never` written for each one left out. */
const declaredIn = (literal) =>
  literal.members.filter(
    (member) => !(member.questionToken && member.type?.kind === ts.SyntaxKind.NeverKeyword),
  );

/**
 * openapi-typescript's output with the shapes of openapi-shapes.ts named instead of written out: the same
 * types, in a fraction of the lines. Anything else (a path's own parameters, a schema) is kept.
 */
function compacted(nodes) {
  const named = new Set();
  const shape = (name, args) => {
    named.add(name);
    return f.createTypeReferenceNode(name, args);
  };
  /** `"/path": PathItem<{ get: operations["…"] }>` where the path declares no parameters itself. */
  const pathItem = (member) => {
    const parameters = ts.isTypeLiteralNode(member.type) && memberOf(member.type, 'parameters');
    if (
      !parameters ||
      !ts.isTypeLiteralNode(parameters.type) ||
      declaredIn(parameters.type).length
    ) {
      return member;
    }
    const methods = declaredIn(member.type).filter((entry) => entry !== parameters);
    return withType(member, shape('PathItem', [f.createTypeLiteralNode(methods)]));
  };
  const parameters = (member) => {
    const declared = declaredIn(member.type);
    return withType(
      member,
      declared.length === 0
        ? shape('NoParameters')
        : shape('RequestParameters', [f.createTypeLiteralNode(declared)]),
    );
  };
  /** The type of a `{ "application/json": T }` literal's only member: T, else undefined. */
  const jsonIn = (content) =>
    content &&
    ts.isTypeLiteralNode(content.type) &&
    content.type.members.length === 1 &&
    nameOf(content.type.members[0]) === 'application/json'
      ? content.type.members[0].type
      : undefined;
  /** `JsonAnswer<T>` for `{ headers: { [name: string]: unknown }; content: { "application/json": T } }`. */
  const answer = (status) => {
    if (textOf(status.type) === UNTYPED_RESPONSE) return withType(status, shape('UntypedResponse'));
    const members = ts.isTypeLiteralNode(status.type) ? status.type.members : [];
    const headers = members.find((entry) => nameOf(entry) === 'headers');
    const json = jsonIn(members.find((entry) => nameOf(entry) === 'content'));
    return members.length === 2 && headers && textOf(headers.type) === ANY_HEADERS && json
      ? withType(status, shape('JsonAnswer', [json]))
      : status;
  };
  const responses = (member) =>
    withType(member, f.createTypeLiteralNode(member.type.members.map(answer)));
  /** `JsonBody<T>` for `{ content: { "application/json": T } }`. */
  const requestBody = (member) => {
    const json =
      member.type.members.length === 1 &&
      nameOf(member.type.members[0]) === 'content' &&
      jsonIn(member.type.members[0]);
    return json ? withType(member, shape('JsonBody', [json])) : member;
  };
  const operationParts = { parameters, responses, requestBody };
  /**
   * `JsonOperation<P, T>` for `{ parameters: P; requestBody?: never; responses: { 200: JsonAnswer<T> } }`,
   * `JsonOperation<P, T, B, 201>` for one taking `JsonBody<B>` and answering 201 (each answer
   * described by its status only): what differs from one operation to the next, and nothing else.
   */
  const jsonOperation = (member) => {
    const literal = member.type;
    const [parameters, requestBody, responses] = ['parameters', 'requestBody', 'responses'].map(
      (name) => memberOf(literal, name),
    );
    if (literal.members.length !== 3 || !parameters || !requestBody || !responses) return member;
    const answers = ts.isTypeLiteralNode(responses.type) ? responses.type.members : [];
    const status = nameOf(answers[0]);
    const json = argumentOf(answers[0]?.type, 'JsonAnswer');
    if (
      answers.length !== 1 ||
      !json ||
      docOf(answers[0]) !== `@description ${PLAIN_ANSWERS[status]}`
    )
      return member;
    const body = requestBody.questionToken
      ? isNever(requestBody.type) && []
      : argumentOf(requestBody.type, 'JsonBody') && [argumentOf(requestBody.type, 'JsonBody')];
    if (!body) return member;
    const statusArgument =
      status === '200' ? [] : [f.createLiteralTypeNode(f.createNumericLiteral(status))];
    const bodyArgument =
      body.length > 0 || statusArgument.length > 0
        ? [body[0] ?? f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword)]
        : [];
    return withType(
      member,
      shape('JsonOperation', [parameters.type, json, ...bodyArgument, ...statusArgument]),
    );
  };
  const operation = (member) =>
    !ts.isTypeLiteralNode(member.type)
      ? member
      : jsonOperation(
          withType(
            member,
            f.createTypeLiteralNode(
              member.type.members.map((entry) =>
                ts.isTypeLiteralNode(entry.type) && operationParts[nameOf(entry)]
                  ? operationParts[nameOf(entry)](entry)
                  : entry,
              ),
            ),
          ),
        );
  /** `Page<T>` for `{ readonly items: T[]; nextCursor: string | null }` (the cursor described as usual). */
  const page = (literal) => {
    const [items, next] = literal.members;
    return literal.members.length === 2 &&
      nameOf(items) === 'items' &&
      items.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ReadonlyKeyword) &&
      !items.questionToken &&
      ts.isArrayTypeNode(items.type) &&
      docOf(items) === '' &&
      nameOf(next) === 'nextCursor' &&
      !next.questionToken &&
      textOf(next.type) === 'string | null' &&
      docOf(next) === '@description pass as `cursor` for the next page; null on the last'
      ? shape('Page', [items.type.elementType])
      : undefined;
  };
  /** `PageQuery<{ filters }>` for a list's query: `cursor` and `limit` first, then its filters. */
  const pageQuery = (literal) => {
    const [cursor, limit, ...filters] = literal.members;
    return nameOf(cursor) === 'cursor' &&
      cursor.questionToken &&
      textOf(cursor.type) === 'unknown' &&
      docOf(cursor) === '@description nextCursor of the previous page' &&
      nameOf(limit) === 'limit' &&
      limit.questionToken &&
      textOf(limit.type) === 'number' &&
      docOf(limit) === ''
      ? shape('PageQuery', filters.length > 0 ? [f.createTypeLiteralNode(filters)] : undefined)
      : undefined;
  };
  /** Every type literal that is a page or a list's query, named so. */
  const pagesNamed = (nodes) =>
    ts.transform(nodes, [
      (context) => (root) => {
        const visit = (node) => {
          const visited = ts.visitEachChild(node, visit, context);
          return ts.isTypeLiteralNode(visited)
            ? (page(visited) ?? pageQuery(visited) ?? visited)
            : visited;
        };
        return ts.visitNode(root, visit);
      },
    ]).transformed;
  const withMembers = (node, map) =>
    f.updateInterfaceDeclaration(
      node,
      node.modifiers,
      node.name,
      node.typeParameters,
      node.heritageClauses,
      node.members.map(map),
    );
  const body = pagesNamed(nodes).map((node) => {
    if (!ts.isInterfaceDeclaration(node)) return node;
    if (node.name.text === 'paths') return withMembers(node, pathItem);
    if (node.name.text === 'operations') return withMembers(node, operation);
    if (
      node.name.text === 'components' &&
      node.members.length === COMPONENT_KINDS.length &&
      COMPONENT_KINDS.every(
        (kind) => memberOf(node, kind) && !memberOf(node, kind).questionToken,
      ) &&
      node.members.every((member) => nameOf(member) === 'schemas' || isNever(member.type))
    ) {
      const schemas = memberOf(node, 'schemas').type;
      return f.createTypeAliasDeclaration(
        node.modifiers,
        node.name,
        undefined,
        shape('Components', isNever(schemas) ? undefined : [schemas]),
      );
    }
    return node;
  });
  /** The shapes the output names (one may have been named, then folded into another). */
  const used = new Set();
  const oneLineWhereShort = (node) => {
    if (ts.isTypeReferenceNode(node) && named.has(node.typeName.text)) used.add(node.typeName.text);
    if (
      ts.isTypeLiteralNode(node) &&
      textOf(node).length <= ONE_LINE &&
      textOf(node) === textOf(node, printers.commented)
    ) {
      ts.setEmitFlags(node, ts.EmitFlags.SingleLine);
    }
    ts.forEachChild(node, oneLineWhereShort);
  };
  body.forEach(oneLineWhereShort);
  if (used.size === 0) return body;
  const names = [...used]
    .sort()
    .map((name) => f.createImportSpecifier(false, undefined, f.createIdentifier(name)));
  const shapesImport = f.createImportDeclaration(
    undefined,
    f.createImportClause(true, undefined, f.createNamedImports(names)),
    f.createStringLiteral(SHAPES_MODULE),
  );
  return [shapesImport, ...body];
}

/** The TypeScript of these groups of a service's (forwarded) document. */
async function typesOf(service, document, groups) {
  const paths = Object.assign({}, ...groups.map(([, groupPaths]) => groupPaths));
  const ast = await openapiTS(repeatedSchemasNamed({ ...document, paths }));
  const which = groups.map(([group]) => group).join(', ');
  return `// Generated by scripts/console-api.mjs from the ${service} service's /docs/openapi.json (the paths of ${which}): do not edit.\n${astToString(compacted(ast))}`;
}

const linesOf = (text) => text.split('\n').length;

/**
 * The generated files of one service, by name: `<service>.ts` with the types of the paths the
 * console forwards; or, where they would take more than MOST_LINES, parts of whole groups
 * (`<service>.part<n>.ts`) and a `<service>.ts` whose `paths` joins theirs.
 */
export async function clientFilesOf(service, url, routes = consoleRoutes()) {
  const response = await fetch(`${url}/docs/openapi.json`);
  if (!response.ok) throw new Error(`${url}/docs/openapi.json answered ${response.status}`);
  const document = forwardedOnly(await response.json(), service, routes);
  const whole = await typesOf(service, document, byGroup(document));
  if (linesOf(whole) <= MOST_LINES) return { [service]: whole };
  const parts = [[]];
  for (const group of byGroup(document)) {
    const part = parts.at(-1);
    const grown = [...part, group];
    if (part.length > 0 && linesOf(await typesOf(service, document, grown)) > MOST_LINES) {
      parts.push([group]);
    } else parts[parts.length - 1] = grown;
  }
  const files = {};
  for (const [index, groups] of parts.entries()) {
    files[`${service}.part${index + 1}`] = await typesOf(service, document, groups);
  }
  const names = Object.keys(files);
  files[service] = [
    `// Generated by scripts/console-api.mjs from the ${service} service's /docs/openapi.json: do not edit.`,
    ...names.map((name, index) => `import type { paths as Part${index + 1} } from "./${name}";`),
    `/** The paths of the ${service} service the console calls, typed in parts in the files above. */`,
    `export interface paths extends ${names.map((_, index) => `Part${index + 1}`).join(', ')} {}`,
    '',
  ].join('\n');
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const routes = consoleRoutes();
  const files = {};
  for (const [service, url] of Object.entries(SERVICES)) {
    Object.assign(files, await clientFilesOf(service, url, routes));
  }
  const wanted = new Set(Object.keys(files).map((name) => `${name}.ts`));
  const present = readdirSync(GENERATED).filter((file) => file.endsWith('.ts'));
  const stale = [
    ...present.filter((file) => !wanted.has(file)),
    ...[...wanted].filter(
      (file) =>
        !present.includes(file) ||
        readFileSync(new URL(file, GENERATED), 'utf8') !== files[file.slice(0, -3)],
    ),
  ];
  if (!check) {
    for (const file of present.filter((file) => !wanted.has(file)))
      rmSync(new URL(file, GENERATED));
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(new URL(`${name}.ts`, GENERATED), text);
      process.stdout.write(`${name}: ${new URL(`${name}.ts`, GENERATED).pathname}\n`);
    }
  } else if (stale.length > 0) {
    process.stderr.write(
      `stale console clients: ${stale.join(', ')} (a service's OpenAPI document or this generator changed): npm run console:api\n`,
    );
    process.exit(1);
  }
}
