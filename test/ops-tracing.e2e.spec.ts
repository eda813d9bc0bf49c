import { SpanKind } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { Topics } from '@crm/contracts';
import { startTracing } from '@crm/platform';
import {
  eventually,
  serviceEnv,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { complaintSlaDeadlineJob } from '@apps/complaints/src/complaint/application/sla/complaint-sla.job';
import {
  dropDatabases,
  knownToComplaints,
  startAnalytics,
  startComplaints,
  startCustomers,
} from './service-support';

const PHONE = '+86 139 1234 5678';
const suffix = uniqueSuffix();
const customersEnv = serviceEnv('customers', suffix);
const analyticsEnv = serviceEnv('analytics', suffix);
/** A first-response deadline of half a second: the SLA timer job runs during the test. */
const complaintsEnv = serviceEnv('complaints', suffix, {
  JOBS_PREFIX: `test-${suffix}`,
  COMPLAINT_FIRST_RESPONSE_SLA: '500ms',
  COMPLAINT_FIRST_RESPONSE_CLOCK: 'calendar',
});
const spans = new InMemorySpanExporter();

/** The tracing SDK's own in-memory exporter records every span the two services end. */
describe('tracing: HTTP command → outbox → Kafka (traceparent) → analytics projection', () => {
  let customers: RunningService;
  let analytics: RunningService;
  let complaints: RunningService;
  let tap: TopicTap;

  beforeAll(async () => {
    startTracing({
      serviceName: 'ops-tracing-test',
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    tap = await new TopicTap(testTopic(suffix, Topics.customers)).open();
    customers = await startCustomers(customersEnv);
    // Analytics opens the customers' sealed names through the customers' key API (ADR 90).
    [analytics, complaints] = await Promise.all([
      startAnalytics({ ...analyticsEnv, CUSTOMERS_URL: customers.url }),
      startComplaints(complaintsEnv),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([
      customers?.stop(),
      analytics?.stop(),
      complaints?.stop(),
      tap?.close(),
    ]);
    await dropDatabases(
      customersEnv.MONGODB_DATABASE,
      analyticsEnv.MONGODB_DATABASE,
      complaintsEnv.MONGODB_DATABASE,
    );
  });

  it('one trace id links the command, the Kafka record and the projection update', async () => {
    const token = await signToken({ sub: `rep-${suffix}`, roles: ['admin'] });
    // The caller's own trace: the service continues it.
    const callerTraceId = `${suffix}${'0'.repeat(24)}`;
    const response = await fetch(`${customers.url}/customers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({
        name: `Traced ${suffix}`,
        nature: 'individual',
        region: 'north',
        ownerId: `rep-${suffix}`,
        phone: PHONE,
      }),
    });
    expect(response.status).toBe(201);
    const { customerId } = (await response.json()) as { customerId: string };

    const server = spans
      .getFinishedSpans()
      .find((span) => span.kind === SpanKind.SERVER && span.name === 'POST /customers');
    expect(server).toBeDefined();
    const traceId = server!.spanContext().traceId;
    expect(traceId).toBe(callerTraceId);
    expect(server!.attributes['http.response.status_code']).toBe(201);

    // The record carries the command's trace context.
    const [record] = await tap.waitFor((r) => r.value['subject'] === customerId);
    expect(record!.headers['traceparent']).toMatch(
      new RegExp(`^00-${traceId}-${server!.spanContext().spanId}-01$`),
    );

    // The analytics projection applied it inside a CONSUMER span of the same trace, child of the command.
    const isProjection = (span: ReadableSpan) =>
      span.kind === SpanKind.CONSUMER &&
      span.attributes['cloudevents.event_subject'] === customerId &&
      String(span.attributes['messaging.consumer.group.name']).endsWith('.analytics.customer-360');
    const projection = await eventually(async () => spans.getFinishedSpans().find(isProjection), {
      timeoutMs: 15_000,
      what: 'the analytics projection span',
    });
    expect(projection.spanContext().traceId).toBe(traceId);
    expect(projection.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
    expect(projection.attributes['cloudevents.event_type']).toBe(
      'crm.customers.CustomerRegistered.v2',
    );

    // And the analytics view shows the customer.
    const view = await eventually(async () => {
      const answer = await fetch(`${analytics.url}/analytics/customers/${customerId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return answer.status === 200 ? true : undefined;
    });
    expect(view).toBe(true);

    // No personal value in any span: not the name or phone of the body, not a searched name.
    const search = await fetch(
      `${customers.url}/customers?q=${encodeURIComponent(`Traced ${suffix}`)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(search.status).toBe(200);
    await eventually(
      async () =>
        spans.getFinishedSpans().some((span) => span.name === 'GET /customers') ? true : undefined,
      { what: 'the search span' },
    );
    const recorded = JSON.stringify(
      spans.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes })),
    );
    for (const secret of [`Traced ${suffix}`, `Traced%20${suffix}`, PHONE]) {
      expect({ secret, recorded: recorded.includes(secret) }).toEqual({ secret, recorded: false });
    }
  });

  it('a command without a caller trace starts a new one, still carried to the consumers', async () => {
    const token = await signToken({ sub: `rep-${suffix}`, roles: ['admin'] });
    const response = await fetch(`${customers.url}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        name: `Untraced ${suffix}`,
        nature: 'individual',
        region: 'north',
        ownerId: `rep-${suffix}`,
      }),
    });
    expect(response.status).toBe(201);
    const { customerId } = (await response.json()) as { customerId: string };
    const [record] = await tap.waitFor((r) => r.value['subject'] === customerId);
    const traceId = /^00-([0-9a-f]{32})-/.exec(record!.headers['traceparent'] ?? '')?.[1];
    expect(traceId).toBeDefined();
    const consumers = await eventually(
      async () => {
        const found = spans
          .getFinishedSpans()
          .filter(
            (span) =>
              span.kind === SpanKind.CONSUMER &&
              span.attributes['cloudevents.event_subject'] === customerId,
          );
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 15_000, what: 'the consumer spans of both services' },
    );
    expect(new Set(consumers.map((span) => span.spanContext().traceId))).toEqual(
      new Set([traceId]),
    );
  });

  it('a job scheduled by a command runs in the trace of that command', async () => {
    const token = await signToken({ sub: `agent-${suffix}`, roles: ['service_agent'] });
    // Complaints are recorded for customers it knows from the customers topic (ADR 141).
    const registered = await fetch(`${customers.url}/customers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await signToken({ sub: `rep-${suffix}`, roles: ['admin'] })}`,
      },
      body: JSON.stringify({
        name: `投诉客户 ${suffix}`,
        nature: 'individual',
        region: 'north',
        ownerId: `rep-${suffix}`,
      }),
    });
    expect(registered.status).toBe(201);
    const { customerId } = (await registered.json()) as { customerId: string };
    await knownToComplaints(complaintsEnv.MONGODB_DATABASE, [customerId]);
    const callerTraceId = `${suffix}${'1'.repeat(24)}`;
    const response = await fetch(`${complaints.url}/complaints`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: `00-${callerTraceId}-00f067aa0ba902b8-01`,
      },
      body: JSON.stringify({
        customerId,
        channel: 'phone',
        category: 'delivery',
        severity: 'low',
        description: 'Delivered a day late.',
        customerWords: 'We waited all day.',
      }),
    });
    expect(response.status).toBe(201);
    // The SLA timer the command scheduled: its worker span belongs to the command's trace.
    const worker = await eventually(
      async () =>
        spans
          .getFinishedSpans()
          .find(
            (span) =>
              span.name === `process ${complaintSlaDeadlineJob.queue}` &&
              span.spanContext().traceId === callerTraceId,
          ),
      { timeoutMs: 20_000, what: 'the SLA job span in the command trace' },
    );
    expect(worker.kind).toBe(SpanKind.CONSUMER);
  });
});
