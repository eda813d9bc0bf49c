import { isDeepStrictEqual } from 'node:util';
import { eventually } from '@crm/testing';
import { customersAndAnalytics, expectProblem } from './service-support';

const system = customersAndAnalytics({
  'manager east': { roles: ['sales_manager'], region: 'east' },
  'rep east': { roles: ['sales_rep'], region: 'east' },
  'rep east 2': { roles: ['sales_rep'], region: 'east' },
  'rep west': { roles: ['sales_rep'], region: 'west' },
  analyst: { roles: ['analyst'], listed: false },
});
const { suffix, east, west, idOf, onCustomers, onAnalytics, register } = system;
const repEast = idOf('rep east');
const repEastOther = idOf('rep east 2');
const repWest = idOf('rep west');

type Json = Record<string, unknown>;
const NO_BUCKETS = {
  under_3_months: 0,
  '3_to_12_months': 0,
  '1_to_2_years': 0,
  '2_to_5_years': 0,
  over_5_years: 0,
};

/**
 * D6 loyalty (ADR 142) through the real customers and analytics services: purchases over several
 * months, a refund in full and a partial one, a merge and an erasure; the figures for October 2026
 * (September is retention's base) and for the twelve months ending on 31 October 2026, per caller.
 * The expected figures are worked out by hand below, from the rule, customer by customer.
 */
describe('analytics: loyalty figures (D6)', () => {
  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop());

  let order = 0;
  const buy = async (customerId: string, day: string, amount = 1000) => {
    order += 1;
    const answer = await onCustomers('admin', 'POST', `/customers/${customerId}/purchases`, {
      amount,
      currency: 'CNY',
      occurredAt: `${day}T10:00:00Z`,
      productLine: '工业水泵',
      sourceSystem: 'erp-sap',
      orderReference: `SO-${suffix}-${order}`,
    });
    expect(answer.status).toBe(201);
    return answer.body['purchaseId'] as string;
  };
  const refund = async (customerId: string, purchaseId: string, day: string, amount: number) => {
    const answer = await onCustomers(
      'admin',
      'POST',
      `/customers/${customerId}/purchases/${purchaseId}/reversals`,
      { amount, occurredAt: `${day}T10:00:00Z`, reason: '退货 return' },
    );
    expect(answer.status).toBe(201);
  };

  it('repeat-purchase rate, tenure and retention per period, net of refunds, merges and erasures, in the caller’s scope', async () => {
    // East.
    const lianhua = await register(`杭州联华贸易有限公司 ${suffix}`, 'east', 'rep east');
    await buy(lianhua, '2026-09-10');
    await buy(lianhua, '2026-10-05'); // active, a repeat, retained; tenure 51 days
    const haitian = await register(`宁波海天机械 ${suffix}`, 'east', 'rep east');
    await buy(haitian, '2026-10-03');
    await buy(haitian, '2026-10-20'); // twice in October: a repeat, not retained; tenure 28
    const xinjiyuan = await register(`苏州新纪元科技 ${suffix}`, 'east', 'rep east 2');
    await buy(xinjiyuan, '2025-01-15');
    await buy(xinjiyuan, '2026-10-12'); // back after 21 months: a repeat; tenure 654
    // West.
    const dongfang = await register(`温州东方电器 ${suffix}`, 'west', 'rep west');
    await buy(dongfang, '2026-09-05');
    const returned = await buy(dongfang, '2026-10-08', 800);
    await refund(dongfang, returned, '2026-10-09', 800); // refunded in full: not active in October
    const tianfu = await register(`成都天府实业 ${suffix}`, 'west', 'rep west');
    const halfReturned = await buy(tianfu, '2026-10-15', 2000);
    await refund(tianfu, halfReturned, '2026-10-16', 500); // still bought: active; tenure 16
    const shancheng = await register(`重庆山城贸易 ${suffix}`, 'west', 'rep west');
    await buy(shancheng, '2026-09-20');
    const duplicate = await register(`重庆山城贸易（重复）${suffix}`, 'west', 'rep west');
    await buy(duplicate, '2026-10-25');
    const merged = await onCustomers('admin', 'POST', `/customers/${duplicate}/merge`, {
      survivorId: shancheng,
    });
    expect(merged.status).toBe(200);
    // The survivor bought in September and (through the duplicate) in October: a repeat, retained,
    // tenure 41; the duplicate is no customer of its own.
    const gucheng = await register(`西安古城文化 ${suffix}`, 'west', 'rep west');
    await buy(gucheng, '2026-09-01');
    await buy(gucheng, '2026-10-01');
    const erased = await onCustomers('admin', 'DELETE', `/customers/${gucheng}`, {
      reason: 'data_subject_request',
      requestReference: `PIPL-${suffix}`,
    });
    expect(erased.status).toBe(200); // erased: counted nowhere

    // October 2026 (September before it). Active: 联华, 海天, 新纪元, 天府, 山城 = 5; repeat: all but
    // 天府 = 4; September: 联华, 东方, 山城 = 3, of which 联华 and 山城 came back = 2; tenures 16, 28,
    // 41, 51, 654: median 41.
    const october = {
      groupBy: 'company',
      window: 'month',
      period: { from: '2026-10-01', to: '2026-10-31' },
      previous: { from: '2026-09-01', to: '2026-09-30' },
      groups: [
        {
          key: 'company',
          activeCustomers: 5,
          repeatCustomers: 4,
          repeatPurchaseRate: 0.8,
          previousCustomers: 3,
          retainedCustomers: 2,
          retentionRate: 0.6667,
          tenure: {
            medianDays: 41,
            buckets: { ...NO_BUCKETS, under_3_months: 4, '1_to_2_years': 1 },
          },
        },
      ],
    };
    let seen: unknown;
    await eventually(
      async () => {
        seen = (await onAnalytics('admin', 'GET', '/analytics/loyalty?month=2026-10')).body;
        return isDeepStrictEqual(seen, october) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the October figures' },
    ).catch(() => undefined);
    expect(seen).toEqual(october);

    // Per region: east 联华, 海天, 新纪元 (tenures 28, 51, 654); west 天府 and 山城 active, 东方 and
    // 山城 in September (tenures 16 and 41: a median of 28.5).
    const regions = await onAnalytics(
      'analyst',
      'GET',
      '/analytics/loyalty?month=2026-10&groupBy=region',
    );
    expect(regions.status).toBe(200);
    expect(regions.body['groups']).toEqual([
      {
        key: east,
        activeCustomers: 3,
        repeatCustomers: 3,
        repeatPurchaseRate: 1,
        previousCustomers: 1,
        retainedCustomers: 1,
        retentionRate: 1,
        tenure: {
          medianDays: 51,
          buckets: { ...NO_BUCKETS, under_3_months: 2, '1_to_2_years': 1 },
        },
      },
      {
        key: west,
        activeCustomers: 2,
        repeatCustomers: 1,
        repeatPurchaseRate: 0.5,
        previousCustomers: 2,
        retainedCustomers: 1,
        retentionRate: 0.5,
        tenure: { medianDays: 28.5, buckets: { ...NO_BUCKETS, under_3_months: 2 } },
      },
    ]);
    const reps = await onAnalytics('admin', 'GET', '/analytics/loyalty?month=2026-10&groupBy=rep');
    expect(
      (reps.body['groups'] as { key: string; activeCustomers: number }[]).map((g) => [
        g.key,
        g.activeCustomers,
      ]),
    ).toEqual(
      [
        [repEast, 2],
        [repEastOther, 1],
        [repWest, 2],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );

    // The twelve months ending on 31 October 2026: 东方's September purchase is in them, so six
    // customers are active; repeats 联华, 海天, 新纪元, 山城 = 4; the twelve months before hold
    // 新纪元's January 2025 only, and it came back.
    const year = await onAnalytics('admin', 'GET', '/analytics/loyalty?end=2026-10-31');
    expect(year.body).toMatchObject({
      window: '12_months',
      period: { from: '2025-11-01', to: '2026-10-31' },
      previous: { from: '2024-11-01', to: '2025-10-31' },
      groups: [
        {
          key: 'company',
          activeCustomers: 6,
          repeatCustomers: 4,
          repeatPurchaseRate: 0.6667,
          previousCustomers: 1,
          retainedCustomers: 1,
          retentionRate: 1,
        },
      ],
    });

    // Scope: the east manager reads the east region as the company; a rep their own customers.
    const asManager = await onAnalytics('manager east', 'GET', '/analytics/loyalty?month=2026-10');
    expect(asManager.body['groups']).toEqual([
      { ...(regions.body['groups'] as Json[])[0], key: 'company' },
    ]);
    const asRep = await onAnalytics('rep east', 'GET', '/analytics/loyalty?month=2026-10');
    expect(asRep.body['groups']).toMatchObject([
      {
        key: 'company',
        activeCustomers: 2,
        repeatCustomers: 2,
        previousCustomers: 1,
        retainedCustomers: 1,
        tenure: { medianDays: 39.5 },
      },
    ]);
    const asWestRep = await onAnalytics(
      'rep west',
      'GET',
      '/analytics/loyalty?month=2026-10&groupBy=region',
    );
    expect((asWestRep.body['groups'] as Json[]).map((g) => g['key'])).toEqual([west]);

    // Bad input: every bad field named in one problem.
    const bad = await onAnalytics('admin', 'GET', '/analytics/loyalty?month=2026-13&groupBy=城市');
    expectProblem(bad, 400);
    expect((bad.body['errors'] as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'groupBy',
      'month',
    ]);
    const both = await onAnalytics(
      'admin',
      'GET',
      '/analytics/loyalty?month=2026-10&end=2026-10-31',
    );
    expectProblem(both, 400);
    expect(both.body['errors']).toEqual([expect.objectContaining({ field: 'end' })]);
    const future = await onAnalytics('admin', 'GET', '/analytics/loyalty?end=2099-01-01');
    expectProblem(future, 400);
    expect(future.body['errors']).toEqual([expect.objectContaining({ field: 'end' })]);
    const notADay = await onAnalytics('admin', 'GET', '/analytics/loyalty?end=2026-02-30');
    expectProblem(notADay, 400);
    expect(notADay.body['errors']).toEqual([expect.objectContaining({ field: 'end' })]);
  }, 180_000);
});
