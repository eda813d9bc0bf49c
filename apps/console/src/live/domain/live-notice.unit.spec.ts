import {
  complaintClosed,
  complaintEscalated,
  customerTierChanged,
  followUpDue,
  eventTypeName,
  purchaseRecorded,
  type CloudEvent,
  type EventDefinition,
} from '@crm/contracts';
import { noticeOf } from './live-notice';

const CUSTOMER = '01937a1e-1111-7000-8000-00000000c0de';

const eventOf = (
  definition: EventDefinition,
  data: Record<string, unknown> = {},
  customerid: string | null = CUSTOMER,
): CloudEvent => ({
  specversion: '1.0',
  id: '01937a1e-9999-7000-8000-000000000001',
  source: 'crm/analytics',
  type: eventTypeName(definition.context, definition.name, definition.version),
  subject: 'stream-1',
  time: '2026-11-30T02:00:00.000Z',
  datacontenttype: 'application/json',
  sequence: 1,
  ...(customerid === null ? {} : { customerid }),
  correlationid: 'c',
  causationid: 'c',
  actorid: 'system',
  data: { ...(definition.example as Record<string, unknown>), ...data },
});

describe('the notice an event makes', () => {
  it('a tier change: the new tier and the one before, for the customer', () => {
    expect(noticeOf(eventOf(customerTierChanged, { previousTier: 'C', tier: 'A' }))).toEqual({
      id: '01937a1e-9999-7000-8000-000000000001',
      customerId: CUSTOMER,
      at: '2026-11-30T02:00:00.000Z',
      kind: 'tier-changed',
      tier: 'A',
      previousTier: 'C',
    });
  });

  it('a follow-up that fell due, with its reason and no note or name', () => {
    const notice = noticeOf(eventOf(followUpDue, { reason: 'first_purchase' }));
    expect(notice).toMatchObject({ kind: 'follow-up', status: 'due', reason: 'first_purchase' });
    expect(JSON.stringify(notice)).not.toContain('rep-17');
  });

  it('a closed complaint is the close step; an escalation carries its level', () => {
    expect(noticeOf(eventOf(complaintClosed, {}))).toMatchObject({
      kind: 'complaint-step',
      step: 'close',
      complaintId: complaintClosed.example.complaintId,
    });
    expect(noticeOf(eventOf(complaintEscalated, { level: 3 }))).toMatchObject({
      kind: 'escalated',
      level: 3,
    });
  });

  it('none for an event no page shows live, or one whose customer is not known', () => {
    expect(noticeOf(eventOf(purchaseRecorded))).toBeUndefined();
    expect(noticeOf(eventOf(complaintClosed, {}, null))).toBeUndefined();
  });
});
