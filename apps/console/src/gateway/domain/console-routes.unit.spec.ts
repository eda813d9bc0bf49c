import { allowedCallsOf, CONSOLE_ROUTES, decideRoute } from './console-routes';

describe('the console route table', () => {
  it('given a rep, when they list their follow-ups, then the call is forwarded', () => {
    expect(decideRoute('analytics', 'GET', '/engagement/follow-ups', ['sales_rep'])).toMatchObject({
      outcome: 'allowed',
    });
  });

  it('given a rep or an analyst, when they list the greetings due, then the call is forwarded', () => {
    for (const role of ['sales_rep', 'analyst'] as const) {
      expect(decideRoute('analytics', 'GET', '/engagement/greetings', [role]).outcome).toBe(
        'allowed',
      );
    }
  });

  it('given an analyst, when they complete a follow-up, then the console refuses it', () => {
    expect(
      decideRoute('analytics', 'POST', '/engagement/follow-ups/fu-1/complete', ['analyst']),
    ).toMatchObject({
      outcome: 'forbidden',
      route: { roles: expect.not.arrayContaining(['analyst']) },
    });
  });

  it('given a named path beside a parameter, then the named route decides (completeness is no customer id)', () => {
    expect(
      decideRoute('customers', 'GET', '/customers/completeness', ['service_agent']),
    ).toMatchObject({ outcome: 'forbidden', route: { path: '/customers/completeness' } });
    expect(
      decideRoute('customers', 'GET', '/customers/completeness', ['sales_manager']),
    ).toMatchObject({ outcome: 'allowed', route: { path: '/customers/completeness' } });
  });

  it('given a path parameter, then it stands for exactly one segment', () => {
    expect(decideRoute('customers', 'GET', '/customers/客户-1', ['analyst']).outcome).toBe(
      'allowed',
    );
    expect(decideRoute('customers', 'GET', '/customers/a/b', ['admin']).outcome).toBe('unknown');
    expect(decideRoute('customers', 'GET', '/customers/..', ['admin']).outcome).toBe('unknown');
    expect(decideRoute('customers', 'GET', '/customers/', ['admin']).outcome).toBe('unknown');
  });

  it('given an operation the console does not offer, then it is unknown to every role', () => {
    for (const [service, method, path] of [
      ['customers', 'DELETE', '/customers/c-1'],
      ['customers', 'GET', '/audit'],
      ['analytics', 'POST', '/analytics/admin/projections/rebuild'],
      ['payments', 'GET', '/customers'],
      ['customers', 'PUT', '/customers'],
    ] as const) {
      expect([path, decideRoute(service, method, path, ['admin']).outcome]).toEqual([
        path,
        'unknown',
      ]);
    }
  });

  it('lists a session’s calls from the same table, the queue dashboard for admins only', () => {
    expect(allowedCallsOf(['admin'])).toContain('GET analytics /admin/queues');
    expect(allowedCallsOf(['supervisor'])).not.toContain('GET analytics /admin/queues');
    expect(allowedCallsOf(['analyst'])).not.toContain('POST complaints /complaints/{id}/close');
    expect(allowedCallsOf([])).toEqual([]);
    const everyCall = CONSOLE_ROUTES.map((r) => `${r.method} ${r.service} ${r.path}`);
    expect(new Set(everyCall).size).toBe(everyCall.length);
  });
});
