import {
  eventRegistry,
  eventTypeName,
  personalFieldsOf,
  type BoundedContext,
  type CloudEvent,
  type EventDefinition,
} from '@crm/contracts';
import { TIMELINE_TYPES, timelineEntryOf } from './timeline-entry';

const CUSTOMER = '01937a1e-1111-7000-8000-000000000001';

const eventOf = (
  definition: EventDefinition,
  data: Record<string, unknown> = definition.example as Record<string, unknown>,
): CloudEvent => ({
  specversion: '1.0',
  id: '01937a1e-0000-7000-8000-0000000000e1',
  source: `crm/${definition.context}`,
  type: eventTypeName(definition.context, definition.name, definition.version),
  subject: 'stream-1',
  time: '2026-12-01T08:00:00.000Z',
  datacontenttype: 'application/json',
  sequence: 1,
  customerid: CUSTOMER,
  correlationid: 'c',
  causationid: 'c',
  actorid: 'a',
  data,
});

/** The current version of every event (what consumers hand the projection, upcast). */
const current = eventRegistry
  .definitions()
  .filter(
    (definition) => eventRegistry.current(definition.context, definition.name) === definition,
  );

/** Every string under a path of the example (a contact object: all its strings). */
const stringsAt = (value: unknown, path: readonly string[]): string[] => {
  const [head, ...rest] = path;
  if (head === undefined) {
    if (typeof value === 'string') return [value];
    if (value !== null && typeof value === 'object')
      return Object.values(value).flatMap((inner) => stringsAt(inner, []));
    return [];
  }
  return value !== null && typeof value === 'object'
    ? stringsAt((value as Record<string, unknown>)[head], rest)
    : [];
};

describe('timeline entries (one per event about a customer, no personal data)', () => {
  it('given a back-dated purchase, when described, then it is one line at its business date with its amount and a link to it', () => {
    const purchase = eventRegistry.current('customers', 'PurchaseRecorded');
    expect(timelineEntryOf(eventOf(purchase))).toEqual({
      eventId: '01937a1e-0000-7000-8000-0000000000e1',
      customerId: CUSTOMER,
      occurredAt: '2026-10-02T00:00:00.000Z',
      service: 'customers',
      type: 'PurchaseRecorded',
      summary: '1800.00 USD · industrial-pumps · SO-2026-004711',
      link: { kind: 'purchase', id: '01937a1e-3333-7000-8000-000000000001' },
      clearOnly: false,
    });
  });

  it('given a tier change and a complaint step, then the tier moves and the step links its complaint', () => {
    const tier = timelineEntryOf(
      eventOf(eventRegistry.current('analytics', 'CustomerTierChanged')),
    );
    expect(tier).toMatchObject({ service: 'analytics', summary: 'B → A', link: null });
    const closed = timelineEntryOf(eventOf(eventRegistry.current('complaints', 'ComplaintClosed')));
    expect(closed).toMatchObject({
      service: 'complaints',
      type: 'ComplaintClosed',
      summary: '4/5',
      link: { kind: 'complaint', id: '01937a1e-3333-7000-8000-000000000001' },
      occurredAt: '2026-11-24T09:30:00.000Z',
    });
  });

  it('describes every event about a customer but the company-wide runs', () => {
    const skipped = current
      .filter((definition) => timelineEntryOf(eventOf(definition)) === null)
      .map((definition) => definition.name);
    expect(skipped.sort()).toEqual(['MonthlyVisitPlanGenerated', 'TierRecomputationCompleted']);
    const listed = Object.values(TIMELINE_TYPES).flat();
    expect(listed).toHaveLength(current.length - 2);
  });

  it('never carries a personal field of the catalogue (names, contact details, free text)', () => {
    const leaks = current.flatMap((definition) => {
      const entry = timelineEntryOf(eventOf(definition));
      const text = JSON.stringify(entry);
      return personalFieldsOf(definition.context as BoundedContext, definition.name)
        .flatMap((field) => stringsAt(definition.example, field.path))
        .filter((value) => value.length > 3 && text.includes(value))
        .map((value) => `${definition.name}: ${value}`);
    });
    expect(leaks).toEqual([]);
  });

  it('keeps a birthday greeting from a masked reader (its time tells the birthday), not a festival one', () => {
    const sent = eventRegistry.current('engagement', 'GreetingSent');
    const birthday = timelineEntryOf(eventOf(sent));
    const festival = timelineEntryOf(
      eventOf(sent, { ...(sent.example as object), occasion: 'mid_autumn' }),
    );
    expect([birthday?.clearOnly, festival?.clearOnly]).toEqual([true, false]);
  });

  it('is null for an event without a customer', () => {
    const { customerid: _, ...event } = eventOf(eventRegistry.current('customers', 'PointsEarned'));
    expect(timelineEntryOf(event)).toBeNull();
  });
});
