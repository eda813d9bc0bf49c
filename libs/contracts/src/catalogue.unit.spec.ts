import { cloudEventSchema } from './cloud-event';
import { allEventDefinitions, eventRegistry, parseCloudEvent } from './catalogue';
import { ContractViolation, UnknownEventType } from './event-definition';
import { eventTypeName } from './cloud-event';

const envelope = (data: Record<string, unknown>) => ({
  specversion: '1.0',
  id: '01937a1e-1111-7000-8000-000000000001',
  source: 'crm/customers',
  type: 'crm.customers.CustomerRegistered.v1',
  subject: '01937a1e-1111-7000-8000-000000000001',
  time: '2026-11-24T08:00:00.000Z',
  datacontenttype: 'application/json',
  sequence: 1,
  customerid: '01937a1e-1111-7000-8000-000000000001',
  correlationid: 'req-1',
  causationid: 'req-1',
  actorid: 'rep-17',
  data,
});

describe('event catalogue', () => {
  it.each(allEventDefinitions.map((definition) => [definition.name, definition]))(
    'the example of %s matches its own schema',
    (_, definition) => {
      const type = eventTypeName(definition.context, definition.name, definition.version);
      expect(() => eventRegistry.validateData(type, definition.example)).not.toThrow();
    },
  );

  it('accepts a valid CloudEvent and returns its validated data', () => {
    const example = allEventDefinitions[0]!.example as Record<string, unknown>;
    expect(parseCloudEvent(envelope(example)).data).toEqual(example);
  });

  it('rejects data that does not match the schema of its type, naming the field', () => {
    const example = allEventDefinitions[0]!.example as Record<string, unknown>;
    let caught: unknown;
    try {
      parseCloudEvent(envelope({ ...example, nature: 'pirate' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractViolation);
    expect((caught as ContractViolation).issues.map((issue) => issue.path)).toEqual(['nature']);
  });

  it('rejects an envelope without the CloudEvents attributes', () => {
    const { specversion: _, ...withoutVersion } = envelope({});
    expect(cloudEventSchema.safeParse(withoutVersion).success).toBe(false);
    expect(() => parseCloudEvent({ ...envelope({}), source: 'elsewhere' })).toThrow(
      ContractViolation,
    );
  });

  it('tells an unknown event type apart, so consumers can skip it', () => {
    expect(() => parseCloudEvent({ ...envelope({}), type: 'crm.customers.Nope.v1' })).toThrow(
      UnknownEventType,
    );
  });

  it('lists every event type once', () => {
    expect(new Set(eventRegistry.types()).size).toBe(allEventDefinitions.length);
  });

  it.each(
    allEventDefinitions.map(
      (definition) =>
        [
          eventTypeName(definition.context, definition.name, definition.version),
          definition,
        ] as const,
    ),
  )('reads the example of %s as the current version of its event', (type, definition) => {
    const current = eventRegistry.current(definition.context, definition.name);
    const read = eventRegistry.toCurrent(
      type,
      definition.schema.parse(definition.example) as Record<string, unknown>,
    );
    expect(read.type).toBe(eventTypeName(current.context, current.name, current.version));
    expect(() => current.schema.parse(read.data)).not.toThrow();
  });
});
