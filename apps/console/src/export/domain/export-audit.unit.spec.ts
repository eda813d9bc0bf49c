import { auditExport } from './export-audit';

const manager = {
  userId: 'manager-east',
  name: 'Wang Fang',
  roles: ['sales_manager'] as const,
  region: 'east',
};
const agent = { userId: 'agent-1', name: 'Zhang Min', roles: ['service_agent'] as const };
const now = new Date('2026-11-30T08:00:00.000Z');

describe('auditing a CSV export', () => {
  it('keeps who, which table, the route and the query’s parameter names, the rows and when', () => {
    const customerId = '0b5f1c1e-8a8e-4c55-9d2e-3f9e7f1b2c3d';
    const decision = auditExport(
      {
        table: 'customer-360.history',
        call: `/api/customers/customers/${customerId}/history?q=${encodeURIComponent('张三 138 0013 8000')}&limit=50&q=x`,
        rows: 3_000_000,
      },
      manager,
      now,
    );
    expect(decision).toEqual({
      outcome: 'audited',
      entry: {
        at: '2026-11-30T08:00:00.000Z',
        userId: 'manager-east',
        roles: ['sales_manager'],
        table: 'customer-360.history',
        service: 'customers',
        route: '/customers/{id}/history',
        queryParameters: ['limit', 'q'],
        rows: 3_000_000,
      },
    });
    // No personal value (the customer's id, the searched name or phone) is in the entry.
    expect(JSON.stringify(decision)).not.toMatch(/张三|138|0b5f1c1e/);
  });

  it('refuses a call the user’s roles could not have read through the console', () => {
    expect(
      auditExport(
        { table: 'abc.members', call: '/api/analytics/analytics/tiers', rows: 1 },
        agent,
        now,
      ),
    ).toMatchObject({
      outcome: 'forbidden',
    });
  });

  it.each([
    '/api/customers/audit',
    '/api/nowhere/customers',
    'https://evil.example/api/analytics/analytics/tiers',
    '/session',
    '/api/customers/customers/../../audit',
  ])('refuses %s, which is no console read', (call) => {
    expect(auditExport({ table: 'abc.members', call, rows: 1 }, manager, now)).toEqual({
      outcome: 'not-a-console-call',
    });
  });
});
