import { randomUUID } from 'node:crypto';
import { eventually, signToken, uniqueSuffix, type RunningService } from '@crm/testing';
import { bootSystem, openApiOf, recordMetrics, SERVICES, type ServiceName } from './system';

/**
 * Hostile strings in every string field of every command, every query parameter and every path
 * parameter of every service, as an attacker would send them. The fields come from the services'
 * own OpenAPI documents, so a field added tomorrow is covered without touching this file.
 * Expected: what must be refused is a 400 problem+json naming the field; everything else is a 4xx
 * or accepted; never a 5xx.
 */
const REFUSED: Record<string, string> = {
  NUL: 'a\u0000b',
  'a control character': 'bell\u0007',
  escape: '\u001b[2J',
  'a lone high surrogate': 'a\ud800b',
  'a lone low surrogate': 'b\udc00',
  'a bidi override': 'invoice\u202egnp.exe',
  'a bidi isolate': 'x\u2066y\u2069',
  'a 10 kB string': '莲'.repeat(10_240),
};
const TOLERATED: Record<string, string> = {
  'Chinese text': '杭州莲花贸易有限公司',
  'a zero-width space': 'Lian\u200bhua',
  'decomposed accents': 'Cafe\u0301 Mu\u0308ller',
  emoji: '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
};

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, JsonSchema>;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}
interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header';
  readonly schema?: JsonSchema;
}
interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
}
type Document = { readonly paths: Record<string, Record<string, Operation>> };

const typesOf = (schema: JsonSchema): string[] => {
  const own = schema.type === undefined ? [] : [schema.type].flat();
  const nested = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [...own, ...nested.flatMap(typesOf)];
};
const objectPartOf = (schema: JsonSchema): JsonSchema | undefined =>
  schema.properties
    ? schema
    : [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]
        .map(objectPartOf)
        .find(Boolean);

/** Every path to a string in a request body schema: `name`, `contact.name`, `anniversaries.0.label`. */
function stringFieldsOf(schema: JsonSchema, prefix: readonly string[] = []): string[][] {
  const fields: string[][] = [];
  if (typesOf(schema).includes('string') && prefix.length > 0) fields.push([...prefix]);
  const object = objectPartOf(schema);
  for (const [name, property] of Object.entries(object?.properties ?? {}))
    fields.push(...stringFieldsOf(property, [...prefix, name]));
  const items =
    schema.items ?? [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].find((s) => s.items)?.items;
  if (items) fields.push(...stringFieldsOf(items, [...prefix, '0']));
  return fields;
}

/** `{ contact: { name: value } }` for the path `contact.name`; arrays for numeric segments. */
function bodyWith(path: readonly string[], value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return /^\d+$/.test(head) ? [inner] : { [head]: inner };
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
/** Platform routes without input of ours: the probes, the metrics, the queue dashboard. */
const OUT_OF_SCOPE = /^\/(health|metrics|admin|docs)(\/|$)/;

const concreteParam = (path: string, name: string): string => {
  if (name === 'month') return '2026-01';
  if (path.startsWith('/engagement/follow-ups/')) return `fu-${randomUUID()}`;
  return randomUUID();
};
const concretePath = (path: string, replace?: { name: string; value: string }): string =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    name === replace?.name ? replace.value : encodeURIComponent(concreteParam(path, name)),
  );

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly fields: string[];
  readonly text: string;
}

/** Thousands of requests on a shared machine: the sweeps get time, the assertions stay strict. */
const SWEEP_TIMEOUT_MS = 15 * 60_000;

describe('hostile input: NUL, controls, lone surrogates, bidi, zero-width, 10 kB and Chinese text in every field', () => {
  const suffix = uniqueSuffix();
  let system: Record<ServiceName, RunningService>;
  let token: string;
  const documents: Partial<Record<ServiceName, Document>> = {};
  let requests = 0;
  let fieldsCovered = 0;

  beforeAll(async () => {
    system = await bootSystem(suffix, { RATE_LIMIT_MAX: '0' });
    token = await signToken({ sub: `admin-${suffix}`, roles: ['admin'], region: 'east' });
    for (const service of SERVICES)
      documents[service] = (await openApiOf(system[service].url)) as unknown as Document;
  });
  afterAll(async () => {
    await Promise.allSettled(SERVICES.map((service) => system?.[service]?.stop()));
    recordMetrics('hostile-input', {
      'hostile requests': requests,
      'string fields and parameters covered': fieldsCovered,
    });
  });

  const send = async (
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer> => {
    requests += 1;
    const response = await fetch(`${system[service].url}${path}`, {
      method: method.toUpperCase(),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let fields: string[] = [];
    try {
      const errors = (JSON.parse(text) as { errors?: { field: string }[] }).errors ?? [];
      fields = errors.map((error) => error.field);
    } catch {
      fields = [];
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      fields,
      text,
    };
  };

  /** Checks one input; returns what went wrong, if anything. */
  const judge = (
    where: string,
    field: string,
    sample: string,
    refused: boolean,
    answer: Answer,
  ) => {
    if (answer.status >= 500)
      return `${where} ${field} with ${sample}: ${answer.status} ${answer.text.slice(0, 200)}`;
    if (!refused) return undefined;
    const named =
      answer.status === 400 &&
      answer.contentType.startsWith('application/problem+json') &&
      answer.fields.includes(field);
    return named
      ? undefined
      : `${where} ${field} with ${sample}: expected 400 naming "${field}", got ${answer.status} ${answer.text.slice(0, 200)}`;
  };

  const samples = [
    ...Object.entries(REFUSED).map(([name, value]) => ({ name, value, refused: true })),
    ...Object.entries(TOLERATED).map(([name, value]) => ({ name, value, refused: false })),
  ];

  /** Every operation of a service's OpenAPI document the sweeps cover. */
  const operationsOf = (service: ServiceName) =>
    Object.entries(documents[service]!.paths).flatMap(([path, item]) =>
      OUT_OF_SCOPE.test(path)
        ? []
        : METHODS.flatMap((method) => {
            const operation = item[method];
            return operation ? [{ path, method, operation }] : [];
          }),
    );

  it.each(SERVICES)(
    '%s: every string field of every request body',
    async (service) => {
      const failures: string[] = [];
      let covered = 0;
      for (const { path, method, operation } of operationsOf(service)) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        for (const field of stringFieldsOf(schema)) {
          covered += 1;
          for (const sample of samples) {
            const answer = await send(
              service,
              method,
              concretePath(path),
              bodyWith(field, sample.value),
            );
            const failure = judge(
              `${method.toUpperCase()} ${path} body`,
              field.join('.'),
              sample.name,
              sample.refused,
              answer,
            );
            if (failure) failures.push(failure);
          }
        }
      }
      fieldsCovered += covered;
      // Every service but analytics has commands with text; analytics has its follow-up note.
      expect(covered).toBeGreaterThan(service === 'analytics' ? 0 : 5);
      expect(failures).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  /**
   * In a URL, a lone surrogate has no UTF-8 form: it arrives as invalid percent-encoded bytes
   * (a 400 before any handler, or U+FFFD in a query), and 10 kB of Chinese text is beyond what the
   * HTTP server reads of a request line (431). Both must be 4xx; a 10 kB ASCII string must be
   * refused by the schema, naming the parameter.
   */
  const urlSamples = [
    ...samples.map((sample) => {
      if (sample.value.length > 5_000)
        return { ...sample, encoded: encodeURIComponent(sample.value), refused: false };
      if (sample.value.includes('\ud800') || sample.value.includes('\udc00'))
        return { ...sample, encoded: 'x%ED%A0%80', refused: false };
      return { ...sample, encoded: encodeURIComponent(sample.value) };
    }),
    { name: 'a 10 kB ASCII string', value: '', encoded: 'x'.repeat(10_240), refused: true },
  ];

  it.each(SERVICES)(
    '%s: every query parameter and path parameter',
    async (service) => {
      const failures: string[] = [];
      let covered = 0;
      for (const { path, method, operation } of operationsOf(service)) {
        const body = method === 'get' || method === 'delete' ? undefined : {};
        // With a body to validate too, whichever refusal comes first answers: a 4xx either way.
        const hasBody = operation.requestBody !== undefined;
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'header') continue;
          covered += 1;
          for (const { encoded, ...sample } of urlSamples) {
            const url =
              parameter.in === 'path'
                ? concretePath(path, { name: parameter.name, value: encoded })
                : `${concretePath(path)}?${parameter.name}=${encoded}`;
            const answer = await send(service, method, url, body);
            const failure = judge(
              `${method.toUpperCase()} ${path} ${parameter.in}`,
              parameter.name,
              sample.name,
              sample.refused && !(parameter.in === 'path' && hasBody),
              answer,
            );
            if (failure) failures.push(failure);
            else if (hasBody && sample.refused && answer.status < 400)
              failures.push(
                `${method.toUpperCase()} ${path} ${parameter.name} with ${sample.name}: ${answer.status}`,
              );
          }
        }
      }
      fieldsCovered += covered;
      expect(covered).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('stores what it accepts as it will be read: NFC, without zero-width characters, Chinese and emoji intact', async () => {
    const family = '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}';
    const registered = await send('customers', 'post', '/customers', {
      name: `杭州莲\u200b花贸易 Cafe\u0301 ${family} ${suffix}`,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: `rep-${suffix}`,
      address: '浙江省杭州市西湖区文三路 90 号',
    });
    expect(registered.status).toBe(201);
    const { customerId } = JSON.parse(registered.text) as { customerId: string };
    // Duplicates are looked up in the card read model: wait until the first card is in it.
    await eventually(
      async () => {
        const list = await send('customers', 'get', `/customers?owner=rep-${suffix}&limit=500`);
        return list.text.includes(customerId) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the card in the read model' },
    );
    const card = JSON.parse(
      (await send('customers', 'get', `/customers/${customerId}`)).text,
    ) as Record<string, unknown>;
    expect(card).toMatchObject({
      name: `杭州莲花贸易 Café ${family} ${suffix}`,
      address: '浙江省杭州市西湖区文三路 90 号',
    });
    // The same name typed with a zero-width space is found as a duplicate.
    const again = await send('customers', 'post', '/customers', {
      name: `杭州莲花贸易 Cafe\u0301 ${family} ${suffix}`,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: `rep-${suffix}`,
    });
    expect(again.status).toBe(201);
    expect(JSON.parse(again.text)).toMatchObject({
      possibleDuplicates: [
        expect.objectContaining({ customerId, matchedOn: expect.arrayContaining(['name']) }),
      ],
    });
  });

  it('reports a bad path parameter as a path parameter, and accepts an action without a body', async () => {
    const bad = await send('customers', 'get', '/customers/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      title: 'The request path is invalid',
      errors: [expect.objectContaining({ field: 'id' })],
    });
    const recompute = await fetch(`${system.analytics.url}/analytics/tiers/recompute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(recompute.status).toBe(200);
  });

  it('refuses an Idempotency-Key outside printable ASCII, naming the header', async () => {
    const response = await fetch(`${system.customers.url}/customers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'clé-é',
      },
      body: JSON.stringify({ name: 'x', nature: 'individual', region: 'east', ownerId: 'r' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
    });
  });
});
