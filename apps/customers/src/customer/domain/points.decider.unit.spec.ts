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
import { CustomerErrorCode } from './customer.errors';

describe('points and vouchers (D11)', () => {
  it('D11: points are redeemed only up to the balance, and a refund never makes the balance negative', () => {
    const state = given(registration, purchase('SO-1', 1_000));
    expect(
      codeOf(() =>
        decideCustomer(at('RedeemPoints', { redemptionId: 'x', points: 11, voucher: 'v' }), state),
      ),
    ).toBe(CustomerErrorCode.InsufficientPoints);
    const spent = given(
      registration,
      purchase('SO-1', 1_000),
      at('RedeemPoints', { redemptionId: 'x', points: 8, voucher: 'v' }),
    );
    const refunded = decideCustomer(
      at('ReversePurchase', {
        reversalId: 'r',
        originalPurchaseId: 'p-SO-1',
        amount: 1_000,
        occurredAt: now.toISOString(),
        reason: 'x',
      }),
      spent,
    ).reduce(evolveCustomer, spent);
    expect(registered(refunded).pointsBalance).toBe(0);
  });

  it('D11: unused points earned before the cut-off expire, oldest used first, once', () => {
    const expire = at('ExpirePoints', { earnedBefore: new Date('2026-01-01T00:00:00.000Z') });
    const state = given(
      registration,
      purchase('OLD', 1_000, '2025-03-01T00:00:00.000Z'),
      purchase('NEW', 500, '2026-06-01T00:00:00.000Z'),
      at('RedeemPoints', { redemptionId: 'r', points: 4, voucher: 'v' }),
    );
    expect(decideCustomer(expire, state)).toEqual([
      {
        type: 'PointsExpired',
        data: {
          customerId: 'c-1',
          points: 6,
          earnedBefore: '2026-01-01T00:00:00.000Z',
          expiredAt: now.toISOString(),
        },
      },
    ]);
    const after = given(
      registration,
      purchase('OLD', 1_000, '2025-03-01T00:00:00.000Z'),
      purchase('NEW', 500, '2026-06-01T00:00:00.000Z'),
      at('RedeemPoints', { redemptionId: 'r', points: 4, voucher: 'v' }),
      expire,
    );
    expect(registered(after).pointsBalance).toBe(5);
    expect(decideCustomer(expire, after)).toEqual([]);
  });

  describe('a voucher is used on a later purchase, once', () => {
    const redeemedAt = now;
    const issued = [
      registration,
      purchase('SO-1', 1_000),
      at('RedeemPoints', { redemptionId: 'v-1', points: 5, voucher: '免费保养一次' }, redeemedAt),
    ];
    // Recorded the day after the purchase it uses the voucher on (never dated after it is recorded).
    const using = (orderReference: string, occurredAt: string, voucherId = 'v-1') => ({
      ...purchase(orderReference, 200, occurredAt, voucherId),
      now: new Date('2026-11-26T00:00:00.000Z'),
    });
    const later = '2026-11-25T09:00:00.000Z';

    it('records the purchase, its points and the voucher used on it', () => {
      const events = decideCustomer(using('SO-2', later), given(...issued));
      expect(events.map((event) => event.type)).toEqual([
        'PurchaseRecorded',
        'PointsEarned',
        'VoucherUsed',
      ]);
      expect(events.at(-1)).toEqual({
        type: 'VoucherUsed',
        data: { customerId: 'c-1', voucherId: 'v-1', purchaseId: 'p-SO-2', usedAt: later },
      });
      const after = given(...issued, using('SO-2', later));
      expect(registered(after).vouchers['v-1']).toEqual({
        voucher: '免费保养一次',
        points: 5,
        redeemedAt: redeemedAt.toISOString(),
        usedOn: 'p-SO-2',
      });
    });

    it('refuses it on a purchase dated before or at its redemption (a back-dated import), naming voucherId', () => {
      for (const occurredAt of ['2026-10-01T00:00:00.000Z', redeemedAt.toISOString()]) {
        const refused = () => decideCustomer(using('SO-2', occurredAt), given(...issued));
        expect(codeOf(refused)).toBe(CustomerErrorCode.VoucherNotYetValid);
        expect(refused).toThrow(
          expect.objectContaining({
            details: expect.objectContaining({
              errors: [expect.objectContaining({ field: 'voucherId' })],
            }),
          }) as Error,
        );
      }
    });

    it('refuses a second use and a voucher the customer never got; a replayed purchase records nothing', () => {
      const used = given(...issued, using('SO-2', later));
      expect(codeOf(() => decideCustomer(using('SO-3', later), used))).toBe(
        CustomerErrorCode.VoucherUsed,
      );
      expect(codeOf(() => decideCustomer(using('SO-3', later, 'v-unknown'), used))).toBe(
        CustomerErrorCode.VoucherNotFound,
      );
      expect(decideCustomer(using('SO-2', later), used)).toEqual([]);
    });
  });
  it("D11: a merge carries the duplicate's vouchers: an open one is used once on the survivor, a used one stays used", () => {
    const redeemedAt = new Date('2026-10-05T00:00:00.000Z');
    const dup = given(
      registration,
      purchase('SO-D', 2_000),
      at(
        'RedeemPoints',
        { redemptionId: 'open-1', points: 5, voucher: '免费保养一次' },
        redeemedAt,
      ),
      at('RedeemPoints', { redemptionId: 'used-1', points: 5, voucher: '上门安装' }, redeemedAt),
      purchase('SO-D2', 100, '2026-10-20T00:00:00.000Z', 'used-1'),
    );
    const merged = registered(
      decideCustomer(at('MergeInto', { survivorId: 's-1' }), dup).reduce(evolveCustomer, dup),
    );
    const survivor = given({ ...registration, data: { ...registration.data, customerId: 's-1' } });
    const absorbed = decideCustomer(at('AbsorbDuplicate', { duplicate: merged }), survivor);
    expect(absorbed).toMatchObject([
      {
        type: 'CustomerMerged',
        data: {
          carried: {
            vouchers: [
              {
                voucherId: 'open-1',
                voucher: '免费保养一次',
                points: 5,
                redeemedAt: redeemedAt.toISOString(),
              },
              { voucherId: 'used-1', voucher: '上门安装', usedOn: 'p-SO-D2' },
            ],
          },
        },
      },
    ]);
    const after = absorbed.reduce(evolveCustomer, survivor);
    const onSurvivor = (orderReference: string, voucherId: string) =>
      purchase(orderReference, 300, '2026-11-01T00:00:00.000Z', voucherId);
    expect(codeOf(() => decideCustomer(onSurvivor('SO-S1', 'used-1'), after))).toBe(
      CustomerErrorCode.VoucherUsed,
    );
    const used = decideCustomer(onSurvivor('SO-S2', 'open-1'), after);
    expect(used.map((event) => event.type)).toContain('VoucherUsed');
    const later = used.reduce(evolveCustomer, after);
    expect(codeOf(() => decideCustomer(onSurvivor('SO-S3', 'open-1'), later))).toBe(
      CustomerErrorCode.VoucherUsed,
    );
  });
});
