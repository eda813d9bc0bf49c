import { eventRegistry } from './catalogue';
import { customerMergedV1, customerMergedV2 } from './customers.events';

const read = (version: number, data: Record<string, unknown>) =>
  eventRegistry.toCurrent(`crm.customers.CustomerMerged.v${version}`, data);

describe('CustomerMerged: the duplicate’s vouchers travel from version 3 on (D11)', () => {
  it.each([
    [1, customerMergedV1.example],
    [2, customerMergedV2.example],
  ])('reads version %i as version 3 with no vouchers carried', (version, example) => {
    const current = read(version, example as Record<string, unknown>);
    expect(current.type).toBe('crm.customers.CustomerMerged.v3');
    expect(current.data).toMatchObject({
      role: 'survivor',
      carried: { vouchers: [], pointsBalance: example.carried!.pointsBalance },
    });
  });

  it('reads the duplicate’s side, which carries nothing, unchanged', () => {
    const { carried: _, ...duplicate } = customerMergedV2.example;
    const side = { ...duplicate, role: 'duplicate' as const };
    expect(read(1, side).data).toEqual(side);
  });
});
