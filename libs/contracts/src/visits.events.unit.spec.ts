import { eventRegistry } from './catalogue';
import { ContractViolation } from './event-definition';

const opportunityId = '01937a20-3333-7000-8000-000000000001';
const customerId = '01937a1e-1111-7000-8000-000000000001';
const sealed = {
  kid: `visits/${customerId}`,
  alg: 'A256GCM',
  paths: ['title'],
  iv: 'AAAAAAAAAAAAAAAA',
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
  ct: 'AAAA',
};
const openedV1 = {
  opportunityId,
  customerId,
  ownerId: 'rep-17',
  region: 'east',
  title: 'Line upgrade',
  amount: 999_999_999_999.99,
  currency: 'CNY',
  expectedCloseDate: '2027-03-31',
  stage: 'lead',
  winRate: 5,
  openedAt: '2026-11-24T08:00:00.000Z',
};
const read = (name: string, version: number, data: Record<string, unknown>) =>
  eventRegistry.toCurrent(`crm.visits.${name}.v${version}`, data);

describe('opportunity events: amounts as money (ADR 133)', () => {
  it('reads OpportunityOpened v1 as v3 with the amount exact in minor units of its currency', () => {
    const { amount: _, currency: __, ...rest } = openedV1;
    expect(read('OpportunityOpened', 1, openedV1)).toEqual({
      type: 'crm.visits.OpportunityOpened.v3',
      data: { ...rest, amount: { minor: '99999999999999', currency: 'CNY' } },
    });
  });

  it.each([
    ['KWD', 1.005, '1005'],
    ['JPY', 120_000, '120000'],
    ['CNY', 0.1, '10'],
  ])('reads %s %d of an older version as %s minor units', (currency, amount, minor) => {
    expect(read('OpportunityOpened', 1, { ...openedV1, amount, currency }).data).toMatchObject({
      amount: { minor, currency },
    });
  });

  it('reads OpportunityOpened v2 as v3 with its personal fields still sealed', () => {
    const v2 = { ...openedV1, title: '[erased]', amount: 1280.5, sealed };
    expect(read('OpportunityOpened', 2, v2).data).toEqual({
      opportunityId,
      customerId,
      ownerId: 'rep-17',
      region: 'east',
      title: '[erased]',
      amount: { minor: '128050', currency: 'CNY' },
      expectedCloseDate: '2027-03-31',
      stage: 'lead',
      winRate: 5,
      openedAt: '2026-11-24T08:00:00.000Z',
      sealed,
    });
  });

  it('rounds an amount recorded before intake checked decimals half to even; refuses an unknown currency', () => {
    expect(read('OpportunityOpened', 1, { ...openedV1, amount: 1200.005 }).data).toMatchObject({
      amount: { minor: '120000', currency: 'CNY' },
    });
    expect(() => read('OpportunityOpened', 1, { ...openedV1, currency: 'XYZ' })).toThrow(
      ContractViolation,
    );
  });

  it('version 3 carries money, not a number and a currency', () => {
    const { amount: _, currency: __, ...rest } = openedV1;
    const v3 = 'crm.visits.OpportunityOpened.v3';
    expect(() =>
      eventRegistry.validateData(v3, {
        ...rest,
        amount: { minor: '900719925474099301', currency: 'CNY' },
      }),
    ).not.toThrow();
    expect(() => eventRegistry.validateData(v3, openedV1)).toThrow(ContractViolation);
  });

  it.each([
    [
      'OpportunityStageChanged',
      1,
      3,
      {
        fromStage: 'lead',
        toStage: 'proposal',
        direction: 'forward',
        winRate: 30,
        changedAt: '2026-12-04T07:30:00.000Z',
      },
    ],
    [
      'OpportunityStageChanged',
      2,
      3,
      {
        fromStage: 'proposal',
        toStage: 'lead',
        direction: 'backward',
        winRate: 5,
        reason: '[erased]',
        sealed: { ...sealed, paths: ['reason'] },
        changedAt: '2026-12-04T07:30:00.000Z',
      },
    ],
    [
      'OpportunityWon',
      1,
      2,
      { fromStage: 'commitment', winRate: 100, wonAt: '2027-03-20T06:00:00.000Z' },
    ],
    [
      'OpportunityLost',
      1,
      3,
      { fromStage: 'proposal', winRate: 0, reason: 'Price', lostAt: '2027-02-10T06:00:00.000Z' },
    ],
    [
      'OpportunityLost',
      2,
      3,
      {
        fromStage: 'proposal',
        winRate: 0,
        reason: '[erased]',
        sealed: { ...sealed, paths: ['reason'] },
        lostAt: '2027-02-10T06:00:00.000Z',
      },
    ],
  ] as const)(
    'reads %s v%i as v%i without its amount (the opening has it)',
    (name, from, to, fields) => {
      const data = { opportunityId, customerId, ...fields };
      expect(read(name, from, { ...data, amount: 120_000 })).toEqual({
        type: `crm.visits.${name}.v${to}`,
        data,
      });
      expect(() =>
        eventRegistry.validateData(`crm.visits.${name}.v${to}`, { ...data, amount: 120_000 }),
      ).toThrow(ContractViolation);
    },
  );
});
