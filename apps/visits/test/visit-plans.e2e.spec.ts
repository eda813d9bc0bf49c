import { JobQueues } from '@crm/jobs';
import {
  visitPlanGeneration,
  visitPlanGenerationId,
} from '@apps/visits/src/visit-plan/application/visit-plan.jobs';
import { GenerateVisitPlanHandler } from '@apps/visits/src/visit-plan/application/generate-visit-plan/generate-visit-plan.handler';
import { eventually, uniqueSuffix } from '@crm/testing';
import { CATCH_UP_MS, caller, thisMonth, today, visitsEnv, visitsSuite } from './visits-test-kit';

interface Row {
  customerId: string;
  repId: string;
  tier: string;
  required: number;
  planned: number;
  completed: number;
  missing: number;
  compliance: number | null;
  proposedDates: string[];
}
interface Plan {
  rows: Row[];
  routes: { anchorCustomerId: string; repId: string; nearby: { customerId: string }[] }[];
}

/** Acceptance 1: tiers drive the month's required visits (A 3, B 2, C 1); compliance counts right. */
describe('monthly visit plans (D4)', () => {
  const suffix = uniqueSuffix();
  const env = visitsEnv(suffix);
  const region = `east-${suffix}`;
  const rep = `rep-${suffix}`;
  const month = thisMonth();

  const suite = visitsSuite(suffix, env);

  const service = () => suite.visits;
  const planOf = async (as: Awaited<ReturnType<typeof caller>>) => {
    const response = await as.get(`/visit-plans/${month}`);
    expect(response.status).toBe(200);
    return response.body as unknown as Plan;
  };
  const rowOf = (plan: Plan, customerId: string) =>
    plan.rows.find((row) => row.customerId === customerId && row.repId === rep);

  it('requires 3/2/1 visits for A/B/C, adds the missing ones when C becomes A mid-month, and counts compliance', async () => {
    const asRep = await caller(service, { sub: rep, roles: ['sales_rep'] });
    const asOtherRep = await caller(service, { sub: `other-${suffix}`, roles: ['sales_rep'] });
    const asManager = await caller(service, {
      sub: `manager-${suffix}`,
      roles: ['sales_manager'],
      region,
    });
    const asAdmin = await caller(service, { sub: `admin-${suffix}`, roles: ['admin'] });

    const [a, b, c, risingC] = await Promise.all(
      ['a', 'b', 'c', 'rising'].map((name) =>
        suite.upstream.registerCustomer({ ownerId: rep, region, name }),
      ),
    );
    const lastMonth = new Date(Date.now() - 40 * 86_400_000);
    await suite.upstream.changeTier(a!, null, 'A', lastMonth);
    await suite.upstream.changeTier(b!, null, 'B', lastMonth);
    await suite.upstream.changeTier(c!, null, 'C', lastMonth);
    // `risingC` has no tier yet: C by default.

    const initial = await eventually(
      async () => {
        const plan = await planOf(asRep);
        return plan.rows.length === 4 &&
          rowOf(plan, a!)?.tier === 'A' &&
          rowOf(plan, b!)?.tier === 'B' &&
          rowOf(plan, c!)?.tier === 'C'
          ? plan
          : undefined;
      },
      { timeoutMs: CATCH_UP_MS, what: 'the plan with four customers and their tiers' },
    );
    expect(rowOf(initial, a!)).toMatchObject({
      required: 3,
      planned: 0,
      completed: 0,
      missing: 3,
      compliance: 0,
    });
    expect(rowOf(initial, a!)!.proposedDates).toHaveLength(3);
    expect(rowOf(initial, b!)).toMatchObject({ required: 2, missing: 2 });
    expect(rowOf(initial, c!)).toMatchObject({ required: 1, missing: 1 });
    expect(rowOf(initial, risingC!)).toMatchObject({ tier: 'C', required: 1 });
    expect(initial.routes).toEqual([
      expect.objectContaining({
        anchorCustomerId: a,
        repId: rep,
        nearby: expect.arrayContaining([
          expect.objectContaining({ customerId: b }),
          expect.objectContaining({ customerId: c }),
          expect.objectContaining({ customerId: risingC }),
        ]) as unknown[],
      }),
    ]);

    // Visits: two to A (one completed), one to B completed, one to the rising customer planned.
    const plan = async (customerId: string) => {
      const response = await asRep.post('/visits', {
        customerId,
        plannedDate: today(),
        channel: 'face_to_face',
        purpose: 'Quarterly review',
      });
      expect(response.status).toBe(201);
      return response.body['visitId'] as string;
    };
    const [a1, , b1] = [await plan(a!), await plan(a!), await plan(b!), await plan(risingC!)];
    for (const visitId of [a1, b1]) {
      const done = await asRep.post(`/visits/${visitId}/complete`, {
        outcome: 'Done',
        feedbackScore: 5,
        progress: [],
      });
      expect(done.status).toBe(200);
    }

    const counted = await eventually(
      async () => {
        const current = await planOf(asRep);
        return rowOf(current, a!)?.completed === 1 &&
          rowOf(current, b!)?.completed === 1 &&
          rowOf(current, risingC!)?.planned === 1
          ? current
          : undefined;
      },
      { what: 'the visits counted in the plan' },
    );
    expect(rowOf(counted, a!)).toMatchObject({
      required: 3,
      planned: 1,
      completed: 1,
      missing: 1,
      compliance: 0.3333,
    });
    expect(rowOf(counted, b!)).toMatchObject({
      required: 2,
      planned: 0,
      completed: 1,
      missing: 1,
      compliance: 0.5,
    });
    expect(rowOf(counted, risingC!)).toMatchObject({
      required: 1,
      planned: 1,
      missing: 0,
      compliance: 0,
    });

    // Mid-month, the customer no tier run had ranked (C by default) gets its first tier, A: a month
    // follows the first tier of a customer not ranked when it began (ADR 126), so it requires 3.
    await suite.upstream.changeTier(risingC!, 'C', 'A');
    const risen = await eventually(
      async () => {
        const current = await planOf(asRep);
        return rowOf(current, risingC!)?.tier === 'A' ? current : undefined;
      },
      { what: 'the tier change applied' },
    );
    expect(rowOf(risen, risingC!)).toMatchObject({
      required: 3,
      planned: 1,
      completed: 0,
      missing: 2,
    });
    expect(rowOf(risen, risingC!)!.proposedDates).toHaveLength(2);
    expect(rowOf(risen, risingC!)!.proposedDates.every((day) => day >= today())).toBe(true);

    // Who sees the plan: the owner and the region's manager, not another rep.
    expect((await planOf(asManager)).rows).toHaveLength(4);
    expect((await planOf(asOtherRep)).rows).toHaveLength(0);

    // Generating the month publishes MonthlyVisitPlanGenerated with the tier mix and required visits.
    const generated = await asAdmin.post(`/visit-plans/${month}/generate`, {});
    expect(generated.status).toBe(201);
    const [record] = await suite.tap.waitFor(
      (r) =>
        r.value['type'] === 'crm.visits.MonthlyVisitPlanGenerated.v1' &&
        r.value['subject'] === `visit-plan-${month}` &&
        r.value['actorid'] === `admin-${suffix}`,
    );
    // The directory holds every customer on the shared topic, so the company-wide counts include
    // other tests' customers: ours are among them, and each tier requires its configured number.
    const data = record!.value['data'] as {
      month: string;
      customers: Record<'A' | 'B' | 'C', number>;
      requiredVisits: Record<'A' | 'B' | 'C', number>;
      totalRequiredVisits: number;
    };
    expect(data).toMatchObject({ month, ...(generated.body['summary'] as object) });
    expect(data.customers.A).toBeGreaterThanOrEqual(2);
    expect(data.customers.B).toBeGreaterThanOrEqual(1);
    expect(data.customers.C).toBeGreaterThanOrEqual(1);
    expect(data.requiredVisits).toEqual({
      A: 3 * data.customers.A,
      B: 2 * data.customers.B,
      C: data.customers.C,
    });
    expect(data.totalRequiredVisits).toBe(
      data.requiredVisits.A + data.requiredVisits.B + data.requiredVisits.C,
    );
    expect((await asRep.post(`/visit-plans/${month}/generate`, {})).status).toBe(403);
  });

  it('generates a month by its scheduled job once, and schedules the next month at boot', async () => {
    const queues = new JobQueues({
      redisUrl: env.REDIS_URL,
      prefix: env.JOBS_PREFIX,
      keepCompleted: { ageSeconds: 60, count: 100 },
      keepFailed: { ageSeconds: 60 },
    });
    try {
      const [year, monthNumber] = month.split('-').map(Number) as [number, number];
      const next =
        monthNumber === 12
          ? `${year + 1}-01`
          : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
      const booked = await queues
        .queue(visitPlanGeneration.queue)
        .getJob(visitPlanGenerationId(next));
      expect(await booked?.getState()).toBe('delayed');

      // The month's job, due now, twice (as two instances would book it): one generation.
      const target = '2031-07';
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await queues.schedule(
          visitPlanGeneration,
          { month: target },
          { jobId: visitPlanGenerationId(target), runAt: new Date() },
        );
      }
      await suite.tap.waitFor((r) => r.value['subject'] === `visit-plan-${target}`);
      const handler = suite.visits.app.get(GenerateVisitPlanHandler);
      const again = await handler.execute(target, 'schedule', {
        actorId: 'test',
        correlationId: 'test',
        causationId: 'test',
      });
      expect(again).toMatchObject({ generated: false, version: 1 });
      const commits = await suite.mongo
        .db(env.MONGODB_DATABASE)
        .collection('event_commits')
        .countDocuments({ stream: `visit-plan-${target}` });
      expect(commits).toBe(1);
      const generated = suite.tap.records.filter(
        (r) => r.value['subject'] === `visit-plan-${target}`,
      );
      expect(generated).toHaveLength(1);
      expect(generated[0]!.value).toMatchObject({
        actorid: 'system:visit-plan-generation',
        data: { month: target },
      });
      expect(generated[0]!.value['customerid']).toBeUndefined();
    } finally {
      await queues.close();
    }
  });

  it('refuses a month that is not YYYY-MM with a problem naming it', async () => {
    const asRep = await caller(service, { sub: rep, roles: ['sales_rep'] });
    const response = await asRep.get('/visit-plans/2026-13');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'urn:crm:problem:validation' });
  });
});
