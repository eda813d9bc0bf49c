import { reactionsTo, type KnownBefore, type UpstreamFact } from './engagement-reactions';

const DAY = 86_400_000;
const now = new Date('2026-11-30T10:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
const policy = { now, firstPurchaseWindowMs: 7 * DAY };
const customerId = '0193a7c2-客户';
const given = (fact: UpstreamFact, known: KnownBefore = {}) => reactionsTo(fact, known, policy);

describe('D5/D9: what engagement does about other contexts’ facts', () => {
  it('D9: 3 days after a completed visit, a call by the rep who visited (one per visit)', () => {
    const completedAt = daysAgo(1);
    expect(
      given({ kind: 'visit_completed', customerId, visitId: 'v-1', repId: 'rep-王', completedAt }),
    ).toEqual([
      {
        kind: 'schedule_follow_up',
        plan: {
          rule: 'visit_completed',
          reason: 'visit_completed',
          sourceId: 'v-1',
          from: completedAt,
          repId: 'rep-王',
        },
      },
    ]);
  });

  it('D9: 1 day after a complaint closes, a satisfaction call per closing naming what it was about', () => {
    const closing = {
      kind: 'complaint_closed',
      customerId,
      complaintId: 'c-1',
      closingId: 'evt-closed-2',
      closedAt: now,
    } as const;
    const about = { complaintId: 'c-1', category: 'delivery', severity: 'high' } as const;
    expect(given(closing, { complaint: about })).toEqual([
      {
        kind: 'schedule_follow_up',
        plan: {
          rule: 'complaint_closed',
          reason: 'complaint_closed',
          sourceId: 'evt-closed-2',
          from: now,
          about,
        },
      },
    ]);
    // Its recording never reached engagement: the call still names the complaint.
    expect(given(closing)).toMatchObject([{ plan: { about: { complaintId: 'c-1' } } }]);
  });

  it('D9: 7 days after a first purchase: the earliest and recent one plans it, an import of older ones withdraws it, a later one does nothing', () => {
    const purchase = (purchasedAt: Date) =>
      ({ kind: 'purchase_recorded', customerId, purchasedAt }) as const;
    expect(given(purchase(daysAgo(2)))).toEqual([
      {
        kind: 'schedule_follow_up',
        plan: {
          rule: 'first_purchase',
          reason: 'first_purchase',
          sourceId: customerId,
          from: daysAgo(2),
        },
      },
    ]);
    // A redelivery finds its own date the earliest: it plans the same call again (same id).
    expect(given(purchase(daysAgo(2)), { earliestPurchaseAt: daysAgo(2) })).toHaveLength(1);
    expect(given(purchase(daysAgo(1)), { earliestPurchaseAt: daysAgo(2) })).toEqual([]);
    expect(given(purchase(daysAgo(400)), { earliestPurchaseAt: daysAgo(2) })).toEqual([
      { kind: 'withdraw_first_purchase_call' },
    ]);
    // A back-dated import of a legacy customer plans none.
    expect(given(purchase(daysAgo(400)))).toEqual([]);
  });

  it('D5/D9: drowsy, half-asleep and dormant call for a reactivation call per change; back to active or new withdraws them; lost does neither', () => {
    const change = (stage: string) =>
      ({
        kind: 'lifecycle_changed',
        customerId,
        stage,
        changeId: `evt-${stage}`,
        changedAt: now,
      }) as const;
    for (const [stage, reason] of [
      ['drowsy', 'reactivation_drowsy'],
      ['half_asleep', 'reactivation_half_asleep'],
      ['dormant', 'reactivation_dormant'],
    ] as const) {
      expect(given(change(stage))).toEqual([
        {
          kind: 'schedule_follow_up',
          plan: {
            rule: 'reactivation',
            reason,
            sourceId: `${customerId}-evt-${stage}`,
            from: now,
          },
        },
      ]);
    }
    expect(given(change('active'))).toEqual([{ kind: 'withdraw_reactivation_calls' }]);
    expect(given(change('new'))).toEqual([{ kind: 'withdraw_reactivation_calls' }]);
    expect(given(change('lost'))).toEqual([]);
  });

  it('D8/D9: a designated key account plans the call before its meeting; retirement ends them', () => {
    expect(
      given({ kind: 'key_account_designated', customerId, keyAccountManagerId: 'kam-李' }),
    ).toEqual([{ kind: 'plan_key_account_meeting', keyAccountManagerId: 'kam-李' }]);
    expect(given({ kind: 'key_account_retired', customerId })).toEqual([
      { kind: 'end_key_account_meetings' },
    ]);
  });

  it('D9: open follow-ups change hands with the customer, from who held the role to who holds it now, once (ADR 132)', () => {
    const assigned = {
      kind: 'owner_assigned',
      customerId,
      sequence: 5,
      previousOwnerId: 'rep-张',
      owners: { ownerId: 'rep-赵', keyAccountManagerId: undefined },
    } as const;
    const recorded = { ownerId: 'rep-张', keyAccountManagerId: 'kam-李', seq: 4 };
    expect(given(assigned, { owners: recorded })).toEqual([
      {
        kind: 'move_follow_ups',
        from: { ownerId: 'rep-张', keyAccountManagerId: 'kam-李' },
        to: { ownerId: 'rep-赵', keyAccountManagerId: undefined },
      },
    ]);
    // Recorded already (a redelivery), or a later change recorded: nothing moves.
    expect(given(assigned, { owners: { ...recorded, seq: 5 } })).toEqual([]);
    expect(given(assigned, { owners: { ...recorded, seq: 9 } })).toEqual([]);
  });

  it('D9: a registration reaching engagement after a fact hands the unassigned follow-ups to its owners, only while none are recorded', () => {
    const registered = {
      kind: 'customer_registered',
      customerId,
      owners: { ownerId: 'rep-张', keyAccountManagerId: 'kam-李' },
    } as const;
    expect(given(registered)).toEqual([
      { kind: 'hand_unassigned_follow_ups', to: registered.owners },
    ]);
    expect(given(registered, { owners: { ownerId: 'rep-张', seq: 1 } })).toEqual([]);
  });

  it('D9: greetings follow the contacts: a changed, carried or erased contact is re-planned; a newer tier re-plans the customer’s', () => {
    expect(given({ kind: 'contact_changed', customerId, contactId: 'ct-1' })).toEqual([
      { kind: 'plan_greetings', contactIds: ['ct-1'] },
    ]);
    expect(given({ kind: 'contacts_carried', customerId, contactIds: ['ct-2', 'ct-3'] })).toEqual([
      { kind: 'plan_greetings', contactIds: ['ct-2', 'ct-3'] },
    ]);
    expect(given({ kind: 'customer_erased', customerId }, { contactIds: ['ct-1'] })).toEqual([
      { kind: 'plan_greetings', contactIds: ['ct-1'] },
    ]);
    expect(given({ kind: 'customer_erased', customerId })).toEqual([]);
    const tier = { kind: 'tier_changed', customerId, effectiveAt: now } as const;
    expect(given(tier, { contactIds: ['ct-1'], tierSeq: now.getTime() - DAY })).toEqual([
      { kind: 'plan_greetings', contactIds: ['ct-1'] },
    ]);
    expect(given(tier, { contactIds: ['ct-1'] })).toHaveLength(1);
    // The same change again, or an older one: the channel stays.
    expect(given(tier, { contactIds: ['ct-1'], tierSeq: now.getTime() })).toEqual([]);
    expect(given({ kind: 'complaint_recorded', customerId })).toEqual([]);
  });
});
