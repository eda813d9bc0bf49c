import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { allEventDefinitions, eventRegistry } from '@crm/contracts';
import { ASYNCAPI_BROKERS, asyncApiDocument } from '@crm/messaging';

const root = join(__dirname, '..');
const published = parse(readFileSync(join(root, 'docs/asyncapi.yaml'), 'utf8')) as {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  components: {
    messages: Record<
      string,
      { 'x-event-type': string; payload: AnySchema; examples: { payload: unknown }[] }
    >;
  };
};
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const asyncApiSchema = JSON.parse(
  readFileSync(join(root, 'node_modules/@asyncapi/specs/schemas/3.0.0.json'), 'utf8'),
) as AnySchema;

/** The AsyncAPI schema carries its own copy of the draft-07 meta-schema: no built-in one beside it. */
const draft7 = ({ meta = true } = {}) => {
  const ajv = new Ajv({ allErrors: true, strict: false, meta, validateSchema: meta });
  addFormats(ajv);
  return ajv;
};

describe('the AsyncAPI document (docs/asyncapi.yaml)', () => {
  it('is valid AsyncAPI 3.0.0 (the official JSON Schema of @asyncapi/specs)', () => {
    const validate = draft7({ meta: false }).compile(asyncApiSchema);
    const valid = validate(published);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(published.asyncapi).toBe('3.0.0');
  });

  it('the validator refuses a broken document (an operation without its channel)', () => {
    const validate = draft7({ meta: false }).compile(asyncApiSchema);
    const broken = structuredClone(published) as unknown as { operations: Record<string, Record<string, unknown>> };
    const [first] = Object.values(broken.operations);
    delete first!['channel'];
    expect(validate(broken)).toBe(false);
  });

  it('lists exactly the event types of the registry', () => {
    const inDocument = Object.values(published.components.messages).map((m) => m['x-event-type']);
    expect(new Set(inDocument)).toEqual(new Set(eventRegistry.types()));
    expect(new Set(Object.keys(published.components.messages))).toEqual(new Set(eventRegistry.types()));
    expect(inDocument).toHaveLength(allEventDefinitions.length);
  });

  it('is what `npm run asyncapi` generates from the code now (run it after changing an event)', () => {
    const generated = JSON.parse(
      JSON.stringify(asyncApiDocument(allEventDefinitions, { version, brokers: ASYNCAPI_BROKERS })),
    ) as unknown;
    expect(published).toEqual(generated);
  });

  it('has an example for every event that its own payload schema accepts', () => {
    const ajv = draft7();
    for (const [type, message] of Object.entries(published.components.messages)) {
      expect(message.examples.length).toBeGreaterThan(0);
      const validate = ajv.compile(message.payload);
      for (const example of message.examples) {
        const valid = validate(example.payload);
        expect({ type, errors: validate.errors ?? [] }).toEqual({ type, errors: [] });
        expect(valid).toBe(true);
      }
    }
  });

  it('rejects a payload that breaks the schema of its event (the schemas are not empty)', () => {
    const ajv = draft7();
    const [type, message] = Object.entries(published.components.messages)[0]!;
    const example = message.examples[0]!.payload as Record<string, unknown>;
    const validate = ajv.compile(message.payload);
    expect(validate({ ...example, type: `${type}x` })).toBe(false);
    expect(validate({ ...example, data: { ...(example['data'] as object), unexpected: 1 } })).toBe(false);
  });

  it('has a channel for every topic and its DLQ', () => {
    const addresses = Object.values(published.channels).map((channel) => channel.address);
    for (const address of ['crm.customers.events.v1', 'crm.customers.events.v1.dlq', 'crm.engagement.events.v1']) {
      expect(addresses).toContain(address);
    }
  });
});
