import { z } from 'zod';
import {
  cloudEventSchema,
  deadLetterTopic,
  eventSource,
  ERASED_TEXT,
  eventTypeName,
  personalFieldsOf,
  Topics,
  type BoundedContext,
  type EventDefinition,
} from '@crm/contracts';

/** What the AsyncAPI document says about the deployment (not about the events). */
export interface AsyncApiOptions {
  readonly version: string;
  readonly brokers: readonly {
    readonly name: string;
    readonly host: string;
    readonly description: string;
  }[];
}

type JsonObject = Record<string, unknown>;

/** The brokers the published document names: the Strimzi cluster of the chart, and a local one. */
export const ASYNCAPI_BROKERS: AsyncApiOptions['brokers'] = [
  {
    name: 'production',
    host: 'crm-kafka-kafka-bootstrap:9092',
    description: 'The Strimzi cluster the Helm chart (deploy/helm/crm) creates its topics in',
  },
  { name: 'local', host: '127.0.0.1:9092', description: 'scripts/stack.sh up, or docker compose' },
];

const KAFKA_BINDING_VERSION = '0.5.0';

/** AsyncAPI's Schema Object is a JSON Schema draft-07 superset: the form zod renders for it. */
const jsonSchemaOf = (schema: z.ZodType): JsonObject => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
  }) as JsonObject;
  return rest;
};

const channelId = (context: BoundedContext) => `${context}Events`;
const dlqChannelId = (context: BoundedContext) => `${context}DeadLetters`;

const exampleEnvelope = (definition: EventDefinition, type: string): JsonObject => {
  const data = definition.example as JsonObject;
  const customerId = typeof data['customerId'] === 'string' ? data['customerId'] : undefined;
  const subject = customerId ?? '01937a1e-0000-7000-8000-000000000001';
  return {
    specversion: '1.0',
    id: '01937a1e-9f00-7000-8000-00000000e0e1',
    source: eventSource(definition.context),
    type,
    subject,
    time: '2026-11-24T08:00:00.000Z',
    datacontenttype: 'application/json',
    sequence: 1,
    ...(customerId === undefined ? {} : { customerid: customerId }),
    correlationid: 'req-01937a1e-0000-7000-8000-0000000000c1',
    causationid: 'req-01937a1e-0000-7000-8000-0000000000c1',
    actorid: 'rep-17',
    data,
  };
};

/** What a subscriber must know about the personal fields of an event (ADR 90, ADR 110). */
const personalDataNote = (paths: readonly string[], sealed: boolean): string =>
  `Personal data: ${paths.map((path) => `\`${path}\``).join(', ')}. ` +
  (sealed
    ? 'They travel sealed: encrypted in `data.sealed` (AES-256-GCM, the CloudEvent `id` as ' +
      'additional data) under the key `data.sealed.kid` (`<context>/<customer id>`), while the ' +
      `fields themselves read "${ERASED_TEXT}" (required) or are absent (optional). A subscriber ` +
      'with the role `personal_data_reader` fetches the key from the producing service ' +
      '(`GET /data-keys/<kid>`, audited); once the customer is erased (CustomerErased) the key ' +
      'API answers 410 and the values can never be opened again, by a replay either. '
    : 'This earlier version carried them in clear; it stays readable (upcast to the current ' +
      'version) and the republication of ADR 90 replaces such records by sealed ones. ') +
  'docs/subscribing.md says how.';

/** Whether this version of an event carries its personal fields sealed (its schema has `sealed`). */
const carriesSealed = (definition: EventDefinition): boolean =>
  definition.schema instanceof z.ZodObject && 'sealed' in definition.schema.shape;

/** One message: the whole CloudEvent (structured mode) with `type` fixed and `data` its schema. */
const messageOf = (definition: EventDefinition, envelope: JsonObject): JsonObject => {
  const type = eventTypeName(definition.context, definition.name, definition.version);
  const envelopeProperties = envelope['properties'] as JsonObject;
  const example = exampleEnvelope(definition, type);
  const personal = personalFieldsOf(definition.context, definition.name).map((field) =>
    field.path.join('.'),
  );
  return {
    name: definition.name,
    title: `${definition.name} v${definition.version}`,
    summary: definition.description,
    ...(personal.length > 0
      ? {
          description: personalDataNote(personal, carriesSealed(definition)),
          'x-personal-fields': personal,
        }
      : {}),
    contentType: 'application/json',
    'x-event-type': type,
    correlationId: { $ref: '#/components/correlationIds/correlationid' },
    headers: { $ref: '#/components/schemas/RecordHeaders' },
    payload: {
      ...envelope,
      properties: {
        ...envelopeProperties,
        type: { type: 'string', const: type },
        source: { type: 'string', const: eventSource(definition.context) },
        data: jsonSchemaOf(definition.schema),
      },
    },
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description: 'customerid of the event (subject when it concerns no customer)',
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    examples: [
      {
        name: `${definition.name}Example`,
        headers: { ce_type: type, ce_id: example['id'], ce_source: example['source'] },
        payload: example,
      },
    ],
  };
};

/**
 * The AsyncAPI 3 document of every event the system publishes, generated from the registry
 * (`allEventDefinitions`): one channel per topic and its DLQ, one message per event type.
 */
export function asyncApiDocument(
  definitions: readonly EventDefinition[],
  options: AsyncApiOptions,
): JsonObject {
  const envelope = jsonSchemaOf(cloudEventSchema);
  const contexts = Object.keys(Topics) as BoundedContext[];
  const messages: Record<string, JsonObject> = {};
  const byContext = new Map<BoundedContext, string[]>(contexts.map((context) => [context, []]));
  for (const definition of [...definitions].sort((a, b) =>
    eventTypeName(a.context, a.name, a.version).localeCompare(
      eventTypeName(b.context, b.name, b.version),
    ),
  )) {
    const type = eventTypeName(definition.context, definition.name, definition.version);
    messages[type] = messageOf(definition, envelope);
    byContext.get(definition.context)!.push(type);
  }

  const channels: JsonObject = {};
  const operations: JsonObject = {};
  for (const context of contexts) {
    const types = byContext.get(context)!;
    const refs = Object.fromEntries(
      types.map((type) => [type, { $ref: `#/components/messages/${type}` }]),
    );
    channels[channelId(context)] = {
      address: Topics[context],
      title: `${context} events`,
      description:
        `Every event of the ${context} context, keyed by customer id: one customer's events are ` +
        'ordered on one partition. Retention is long enough to rebuild a projection from history.',
      messages: refs,
      bindings: { kafka: { bindingVersion: KAFKA_BINDING_VERSION } },
    };
    channels[dlqChannelId(context)] = {
      address: deadLetterTopic(Topics[context]),
      title: `${context} dead letters`,
      description:
        `Records of ${Topics[context]} a consumer could not process, unchanged, with the reason in ` +
        'the headers dlq_error, dlq_error_type, dlq_group, dlq_topic, dlq_partition and dlq_offset.',
      messages: refs,
      bindings: { kafka: { bindingVersion: KAFKA_BINDING_VERSION } },
    };
    operations[`publish${context[0]!.toUpperCase()}${context.slice(1)}Events`] = {
      action: 'send',
      title: `The ${context} service publishes its events`,
      channel: { $ref: `#/channels/${channelId(context)}` },
      messages: types.map((type) => ({
        $ref: `#/channels/${channelId(context)}/messages/${type}`,
      })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'CRM events',
      version: options.version,
      description:
        'Every event the CRM publishes on Kafka, as CloudEvents 1.0 in structured JSON mode. ' +
        'Generated from libs/contracts by `npm run asyncapi`; do not edit by hand. ' +
        'How to subscribe: docs/subscribing.md.',
    },
    defaultContentType: 'application/json',
    servers: Object.fromEntries(
      options.brokers.map((broker) => [
        broker.name,
        { host: broker.host, protocol: 'kafka', description: broker.description },
      ]),
    ),
    channels,
    operations,
    components: {
      schemas: {
        RecordHeaders: {
          type: 'object',
          description:
            'Kafka record headers: the CloudEvent attributes consumers filter on cheaply.',
          properties: {
            ce_type: { type: 'string', description: 'the CloudEvent type' },
            ce_id: { type: 'string', description: 'the CloudEvent id (de-duplicate on it)' },
            ce_source: { type: 'string', description: 'the CloudEvent source' },
          },
          required: ['ce_type', 'ce_id', 'ce_source'],
        },
      },
      correlationIds: {
        correlationid: {
          description: 'The request that started the chain of events',
          location: '$message.payload#/correlationid',
        },
      },
      messages,
    },
  };
}
