import type { CustomerEvent } from '@crm/contracts';
import {
  at,
  codeOf,
  given,
  now,
  purchase,
  registered,
  registration,
} from '@apps/customers/test/customer-decider.kit';
import { decideCustomer, evolveCustomer } from './customer.decider';
import { initialCustomerState } from './customer.state';
import type { KeyAccountRule } from './key-account.decider';
import { CustomerErrorCode } from './customer.errors';
import { fundBandOf } from './fund-band';
import { pointsFor } from './points';

const rule: KeyAccountRule = {
  fundBands: ['key'],
  tiers: ['A'],
  allowStrategic: true,
  thresholds: { keyFrom: 500_000, ordinaryFrom: 100_000 },
};

describe('customer decider', () => {
  it('given no customer, when registering, then CustomerRegistered carries the card and the time', () => {
    expect(decideCustomer(registration, initialCustomerState)).toEqual([
      {
        type: 'CustomerRegistered',
        data: { ...registration.data, registeredAt: '2026-11-24T08:00:00.000Z' },
      },
    ]);
  });

  it('given a registered customer, when registering again, then it is refused', () => {
    expect(codeOf(() => decideCustomer(registration, given(registration)))).toBe(
      CustomerErrorCode.AlreadyRegistered,
    );
  });

  it('updates only what changes, clears with null, and reassigns the owner in its own event', () => {
    const state = given(
      registration,
      at('UpdateProfile', { changes: { city: 'Hangzhou', industry: 'retail' } }),
    );
    const events = decideCustomer(
      at('UpdateProfile', {
        changes: { city: 'Hangzhou', industry: null, name: 'Lianhua' },
        ownerId: 'rep-2',
      }),
      state,
    );
    expect(events).toEqual<CustomerEvent[]>([
      {
        type: 'CustomerProfileUpdated',
        data: {
          customerId: 'c-1',
          changes: { industry: null, name: 'Lianhua' },
          updatedAt: now.toISOString(),
        },
      },
      {
        type: 'CustomerOwnerAssigned',
        data: {
          customerId: 'c-1',
          ownerId: 'rep-2',
          previousOwnerId: 'rep-1',
          keyAccountManagerId: null,
          assignedAt: now.toISOString(),
        },
      },
    ]);
    const after = registered(events.reduce(evolveCustomer, state));
    expect(after).toMatchObject({ name: 'Lianhua', city: 'Hangzhou', ownerId: 'rep-2' });
    expect(after).not.toHaveProperty('industry');
    expect(decideCustomer(at('UpdateProfile', { changes: { city: 'Hangzhou' } }), after)).toEqual(
      [],
    );
  });

  it('adds, updates and removes contacts; an unknown contact is refused', () => {
    const state = given(
      registration,
      at('AddContact', {
        contactId: 'k-1',
        contact: { name: 'Wang Li', wechat: 'wangli_hz', timeZone: 'Asia/Shanghai' },
      }),
      at('UpdateContact', { contactId: 'k-1', changes: { title: 'Director', wechat: null } }),
    );
    expect(registered(state).contacts['k-1']).toEqual({
      contactId: 'k-1',
      name: 'Wang Li',
      title: 'Director',
      timeZone: 'Asia/Shanghai',
    });
    expect(codeOf(() => decideCustomer(at('RemoveContact', { contactId: 'k-2' }), state))).toBe(
      CustomerErrorCode.ContactNotFound,
    );
    expect(
      registered(
        given(
          registration,
          at('AddContact', { contactId: 'k-1', contact: { name: 'x' } }),
          at('RemoveContact', { contactId: 'k-1' }),
        ),
      ).contacts,
    ).toEqual({});
  });

  it('D2/D11: a purchase earns points at the rate; the same order key again records nothing', () => {
    const state = given(registration, purchase('SO-1', 12_850.5));
    expect(registered(state)).toMatchObject({ revenueMinor: 1_285_050n, pointsBalance: 128 });
    expect(decideCustomer(purchase('SO-1', 12_850.5), state)).toEqual([]);
    expect(decideCustomer(purchase('SO-2', 99), state).map((e) => e.type)).toEqual([
      'PurchaseRecorded',
    ]);
  });

  it('D2: a purchase dated after now on the service clock is refused naming occurredAt; a minute of skew is not', () => {
    const state = given(registration);
    const inTwoMinutes = new Date(now.getTime() + 120_000).toISOString();
    expect(codeOf(() => decideCustomer(purchase('SO-LATER', 100, inTwoMinutes), state))).toBe(
      CustomerErrorCode.PurchaseInFuture,
    );
    // "now" is the command's (the service's clock), not the system time this test runs at.
    const inThirtySeconds = new Date(now.getTime() + 30_000).toISOString();
    expect(
      decideCustomer(purchase('SO-SKEW', 100, inThirtySeconds), state).map((event) => event.type),
    ).toEqual(['PurchaseRecorded', 'PointsEarned']);
  });

  it('D2: a reversal cannot be dated before the purchase it reverses (decades back, or a second)', () => {
    const state = given(registration, purchase('SO-1', 1_000));
    const reversalAt = (occurredAt: string) =>
      at('ReversePurchase', {
        reversalId: 'r-early',
        originalPurchaseId: 'p-SO-1',
        amount: 100,
        occurredAt,
        reason: 'returned',
      });
    for (const early of ['1970-01-01T00:00:00.000Z', '2026-09-30T23:59:59.000Z']) {
      expect(codeOf(() => decideCustomer(reversalAt(early), state))).toBe(
        CustomerErrorCode.ReversalBeforePurchase,
      );
    }
    expect(
      decideCustomer(reversalAt('2026-10-01T00:00:00.000Z'), state).map((event) => event.type),
    ).toContain('PurchaseReversed');
  });

  it('D2: a refund retried with the same reversal id (its reference) is answered and not applied twice', () => {
    const refund = at('ReversePurchase', {
      reversalId: 'r-ref-RMA-7',
      originalPurchaseId: 'p-SO-1',
      amount: 400,
      occurredAt: now.toISOString(),
      reason: 'returned',
    });
    const once = given(registration, purchase('SO-1', 1_000), refund);
    expect(decideCustomer(refund, once)).toEqual([]);
    expect(registered(given(registration, purchase('SO-1', 1_000), refund, refund))).toMatchObject({
      revenueMinor: 60_000n,
      pointsBalance: 6,
    });
  });

  it('D2: a refund references the original, cannot exceed what remains, and reverses points in proportion', () => {
    const state = given(registration, purchase('SO-1', 1_000));
    const refund = (reversalId: string, amount: number) =>
      at('ReversePurchase', {
        reversalId,
        originalPurchaseId: 'p-SO-1',
        amount,
        occurredAt: now.toISOString(),
        reason: 'returned',
      });
    const after = given(registration, purchase('SO-1', 1_000), refund('r-1', 250));
    expect(registered(after)).toMatchObject({ revenueMinor: 75_000n, pointsBalance: 8 });
    expect(codeOf(() => decideCustomer(refund('r-2', 750.01), after))).toBe(
      CustomerErrorCode.RefundExceedsPurchase,
    );
    expect(
      codeOf(() =>
        decideCustomer(
          at('ReversePurchase', {
            reversalId: 'r',
            originalPurchaseId: 'nope',
            amount: 1,
            occurredAt: now.toISOString(),
            reason: 'x',
          }),
          state,
        ),
      ),
    ).toBe(CustomerErrorCode.PurchaseNotFound);
    const full = given(
      registration,
      purchase('SO-1', 1_000),
      refund('r-1', 250),
      refund('r-2', 750),
    );
    expect(registered(full)).toMatchObject({ revenueMinor: 0n, pointsBalance: 0 });
  });

  it('D8: designation follows the written criteria; retire then designate again', () => {
    const designate = (criterion: 'tier_and_fund_band' | 'strategic', tier: string | null = null) =>
      at('DesignateKeyAccount', {
        criterion,
        reason: 'review',
        keyAccountManagerId: 'kam',
        executiveSponsorId: 'vp',
        slot: 3,
        tier,
        rule,
      });
    const small = given(
      registration,
      at('UpdateProfile', { changes: { expectedAnnualPurchase: 50_000 } }),
    );
    expect(codeOf(() => decideCustomer(designate('tier_and_fund_band'), small))).toBe(
      CustomerErrorCode.KeyAccountCriteriaNotMet,
    );
    expect(
      codeOf(() => decideCustomer(designate('strategic'), given(registration))),
    ).toBeUndefined();
    const big = given(
      registration,
      at('UpdateProfile', { changes: { expectedAnnualPurchase: 500_000 } }),
    );
    expect(codeOf(() => decideCustomer(designate('tier_and_fund_band', 'B'), big))).toBe(
      CustomerErrorCode.KeyAccountCriteriaNotMet,
    );
    const ka = given(
      registration,
      at('UpdateProfile', { changes: { expectedAnnualPurchase: 500_000 } }),
      designate('tier_and_fund_band', 'A'),
    );
    expect(registered(ka).keyAccount).toMatchObject({
      slot: 3,
      keyAccountManagerId: 'kam',
      executiveSponsorId: 'vp',
    });
    expect(codeOf(() => decideCustomer(designate('strategic'), ka))).toBe(
      CustomerErrorCode.AlreadyKeyAccount,
    );
    const retired = decideCustomer(at('RetireKeyAccount', { reason: 'review' }), ka).reduce(
      evolveCustomer,
      ka,
    );
    expect(registered(retired).keyAccount).toBeNull();
    expect(codeOf(() => decideCustomer(at('RetireKeyAccount', { reason: 'again' }), retired))).toBe(
      CustomerErrorCode.NotKeyAccount,
    );
    expect(decideCustomer(designate('strategic'), retired).map((e) => e.type)).toEqual([
      'KeyAccountDesignated',
    ]);
    expect(
      codeOf(() =>
        decideCustomer(
          at('DesignateKeyAccount', {
            criterion: 'strategic',
            reason: 'x',
            keyAccountManagerId: 'k',
            executiveSponsorId: 'v',
            slot: 1,
            tier: null,
            rule: { ...rule, allowStrategic: false },
          }),
          given(registration),
        ),
      ),
    ).toBe(CustomerErrorCode.KeyAccountCriteriaNotMet);
  });

  it('erasure: CustomerErased once, personal fields gone from the state, the ledger kept and still open', () => {
    const withData = given(
      {
        ...registration,
        data: { ...registration.data, phone: '+86 571 8888 0000', email: 'a@b.cn' },
      },
      at('AddContact', {
        contactId: 'k-1',
        contact: { name: 'Wang Li', phone: '+86 138 0000 0000', buyingRole: 'buyer' },
      }),
      purchase('SO-1', 1000),
    );
    const events = decideCustomer(
      at('EraseCustomer', { reason: 'data_subject_request' }),
      withData,
    );
    expect(events).toEqual([
      {
        type: 'CustomerErased',
        data: { customerId: 'c-1', reason: 'data_subject_request', erasedAt: now.toISOString() },
      },
    ]);
    const erased = registered(events.reduce(evolveCustomer, withData));
    expect(erased).toMatchObject({
      name: '[erased]',
      revenueMinor: 100_000n,
      erasedAt: now.toISOString(),
    });
    expect(erased).not.toHaveProperty('phone');
    expect(erased.contacts['k-1']).toEqual({
      contactId: 'k-1',
      name: '[erased]',
      buyingRole: 'buyer',
    });
    expect(
      codeOf(() => decideCustomer(at('EraseCustomer', { reason: 'data_subject_request' }), erased)),
    ).toBe(CustomerErrorCode.Erased);
    expect(decideCustomer(purchase('SO-2', 500), erased).map((e) => e.type)).toEqual([
      'PurchaseRecorded',
      'PointsEarned',
    ]);
    expect(
      codeOf(() => decideCustomer(at('UpdateProfile', { changes: { city: 'Ningbo' } }), erased)),
    ).toBe(CustomerErrorCode.Erased);
  });

  it('merge: the duplicate points to the survivor and is read-only; the survivor absorbs it once', () => {
    const survivor = given(
      { ...registration, data: { ...registration.data, customerId: 's-1' } },
      purchase('SO-S', 100),
    );
    const dup = given(
      registration,
      at('AddContact', { contactId: 'k-9', contact: { name: 'Li Na' } }),
      purchase('SO-D', 2000),
      at('RedeemPoints', { redemptionId: 'r-1', points: 5, voucher: 'v' }),
    );
    expect(codeOf(() => decideCustomer(at('MergeInto', { survivorId: 'c-1' }), dup))).toBe(
      CustomerErrorCode.MergeNotAllowed,
    );
    const mergeEvents = decideCustomer(at('MergeInto', { survivorId: 's-1' }), dup);
    const merged = registered(mergeEvents.reduce(evolveCustomer, dup));
    expect(merged.mergedInto).toBe('s-1');
    expect(decideCustomer(at('MergeInto', { survivorId: 's-1' }), merged)).toEqual([]);
    expect(codeOf(() => decideCustomer(purchase('SO-X', 10), merged))).toBe(
      CustomerErrorCode.Merged,
    );
    // Absorbing a customer that is not merged into this survivor is refused.
    expect(
      codeOf(() => decideCustomer(at('AbsorbDuplicate', { duplicate: registered(dup) }), survivor)),
    ).toBe(CustomerErrorCode.MergeNotAllowed);
    const absorbEvents = decideCustomer(at('AbsorbDuplicate', { duplicate: merged }), survivor);
    expect(absorbEvents).toHaveLength(1);
    expect(absorbEvents[0]).toMatchObject({
      type: 'CustomerMerged',
      data: {
        role: 'survivor',
        duplicateId: 'c-1',
        carried: {
          revenue: { minor: '200000', currency: 'CNY' },
          pointsBalance: 15,
          pointsUsed: 5,
          purchases: [
            expect.objectContaining({
              purchaseId: 'p-SO-D',
              orderReference: 'SO-D',
              pointsEarned: 20,
            }),
          ],
          contacts: [{ contactId: 'k-9', contact: { name: 'Li Na' } }],
        },
      },
    });
    const after = registered(absorbEvents.reduce(evolveCustomer, survivor));
    expect(after).toMatchObject({ revenueMinor: 210_000n, pointsBalance: 16, absorbed: ['c-1'] });
    expect(after.orderKeys['erp\nSO-D']).toBe('p-SO-D');
    expect(decideCustomer(at('AbsorbDuplicate', { duplicate: merged }), after)).toEqual([]);
  });
});

describe('fund band (D1) and points (D11)', () => {
  const thresholds = { keyFrom: 500_000, ordinaryFrom: 100_000 };
  it.each([
    [500_000, 'key'],
    [499_999.99, 'ordinary'],
    [100_000, 'ordinary'],
    [99_999, 'small'],
    [0, 'small'],
    [undefined, null],
  ])('an expected annual purchase of %s is %s', (amount, band) => {
    expect(fundBandOf(amount, thresholds)).toBe(band);
  });

  it.each([
    [9_999n, 0],
    [10_000n, 1],
    [1_285_050n, 128],
    [10n ** 15n, 100_000_000_000],
  ])('%s minor units earn %s points at 1 per 100.00', (minor, points) => {
    expect(pointsFor(minor, { perAmountMinor: 10_000n, points: 1 })).toBe(points);
  });
});
