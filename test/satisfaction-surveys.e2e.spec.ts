import { isDeepStrictEqual } from 'node:util';
import { eventually } from '@crm/testing';
import { customersAndAnalytics, expectProblem } from './service-support';

const system = customersAndAnalytics(
  {
    'rep east': { roles: ['sales_rep'], region: 'east' },
    'rep west': { roles: ['sales_rep'], region: 'west' },
  },
  { analyticsOpensSealedText: true },
);
const { suffix, east, west, onCustomers, onAnalytics, register } = system;

type Json = Record<string, unknown>;
interface Survey {
  readonly scores: readonly number[];
  readonly nps?: number;
}

// Every survey of this test is answered at the same instant: the recency weights are then all
// equal and each CSI below is the plain mean of its surveys on 0–100.
const answeredAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
const QUESTIONS = ['您对交货速度满意吗？', '售后服务态度如何？', '产品质量是否达到预期？'];

/** Written here from D6, apart from the service's code: a survey's mean, 1→0 … 5→100. */
const hundredOf = (survey: Survey) =>
  ((survey.scores.reduce((a, b) => a + b, 0) / survey.scores.length - 1) / 4) * 100;
const csiOf = (surveys: readonly Survey[]) =>
  Math.round((surveys.reduce((sum, s) => sum + hundredOf(s), 0) / surveys.length) * 100) / 100;
const npsFiguresOf = (surveys: readonly Survey[]) => {
  const answers = surveys.flatMap((s) => (s.nps === undefined ? [] : [s.nps]));
  const promoters = answers.filter((n) => n >= 9).length;
  const detractors = answers.filter((n) => n <= 6).length;
  return {
    npsAnswers: answers.length,
    promoters,
    passives: answers.length - promoters - detractors,
    detractors,
    nps:
      answers.length === 0
        ? null
        : Math.sign(promoters - detractors) *
          Math.round((Math.abs(promoters - detractors) * 100) / answers.length),
  };
};

/**
 * D6 surveys through the real customers and analytics services: answered surveys recorded over
 * HTTP become one CSI score each (the mean of their questions) on the card and in the report, and
 * the report's NPS per group; a replayed reference counts once; bad input stores nothing.
 */
describe('satisfaction: surveys and NPS (D6)', () => {
  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop());

  let reference = 0;
  const bodyOf = (survey: Survey, externalReference: string): Json => ({
    answeredAt,
    questions: survey.scores.map((score, index) => ({ question: QUESTIONS[index % 3], score })),
    ...(survey.nps === undefined ? {} : { nps: survey.nps }),
    comment: '交货及时，客服回复慢了一点',
    source: 'email',
    externalReference,
  });
  const answer = async (who: string, customerId: string, survey: Survey) => {
    reference += 1;
    const externalReference = `SV-${suffix}-${reference}`;
    const posted = await onCustomers(
      who,
      'POST',
      `/customers/${customerId}/surveys`,
      bodyOf(survey, externalReference),
    );
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ recorded: true, eventTypes: ['SurveyAnswered'] });
    return { externalReference, surveyId: posted.body['surveyId'] as string, survey };
  };
  const surveysIn = async (customerId: string) =>
    (
      (await onCustomers('admin', 'GET', `/customers/${customerId}/history`)).body['events'] as {
        type: string;
      }[]
    ).filter((event) => event.type === 'SurveyAnswered').length;

  it('each survey is one CSI score on the card and in the report, with the NPS per group; a replay counts once', async () => {
    const lianhua = await register(`杭州联华贸易有限公司 ${suffix}`, 'east', 'rep east');
    const haitian = await register(`宁波海天机械 ${suffix}`, 'east', 'rep east');
    const tianfu = await register(`成都天府实业 ${suffix}`, 'west', 'rep west');
    const surveys: Record<string, Survey[]> = {
      // 5,4,4 → 83.33 (promoter); 3,2 → 37.5 (detractor): CSI 60.42
      [lianhua]: [
        { scores: [5, 4, 4], nps: 10 },
        { scores: [3, 2], nps: 6 },
      ],
      // 5,5 → 100 (promoter); 4 → 75 (no NPS asked): CSI 87.5
      [haitian]: [{ scores: [5, 5], nps: 9 }, { scores: [4] }],
      // 1,2 → 12.5 (detractor); 2,1,1 → 8.33 (passive): CSI 10.42, below the floor
      [tianfu]: [
        { scores: [1, 2], nps: 0 },
        { scores: [2, 1, 1], nps: 7 },
      ],
    };
    const recorded = [];
    for (const [customerId, list] of Object.entries(surveys)) {
      const who = customerId === tianfu ? 'rep west' : 'rep east';
      for (const survey of list) recorded.push(await answer(who, customerId, survey));
    }

    // A replayed import of the first survey: answered with the first survey, nothing counted again.
    const first = recorded[0]!;
    const replay = await onCustomers(
      'rep east',
      'POST',
      `/customers/${lianhua}/surveys`,
      bodyOf({ scores: [1, 1, 1], nps: 0 }, first.externalReference),
    );
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ surveyId: first.surveyId, recorded: false });
    expect(await surveysIn(lianhua)).toBe(2);
    // A rep records surveys for their own customers only; another's customer is not found.
    expectProblem(
      await onCustomers(
        'rep west',
        'POST',
        `/customers/${lianhua}/surveys`,
        bodyOf({ scores: [5] }, 'x'),
      ),
      404,
    );

    // Cards: each customer's CSI, computed here from its surveys.
    const expectedCards = Object.fromEntries(
      Object.entries(surveys).map(([id, list]) => [id, csiOf(list)]),
    );
    expect(Object.values(expectedCards)).toEqual([60.42, 87.5, 10.42]);
    let cards: Json = {};
    await eventually(
      async () => {
        cards = Object.fromEntries(
          await Promise.all(
            Object.keys(surveys).map(async (id) => [
              id,
              (await onCustomers('admin', 'GET', `/customers/${id}`)).body['csi'],
            ]),
          ),
        );
        return isDeepStrictEqual(cards, expectedCards) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every card to show its survey CSI' },
    ).catch(() => undefined);
    expect(cards).toEqual(expectedCards);

    // The report per region and for the company: CSI, counts and NPS of the group's surveys.
    const groupOf = (ids: string[]) => {
      const list = ids.flatMap((id) => surveys[id]!);
      return {
        csi: csiOf(list),
        customers: ids.length,
        scores: list.length,
        atRisk: ids.filter((id) => expectedCards[id]! < 60).length,
        ...npsFiguresOf(list),
      };
    };
    const byRegion = await onAnalytics('admin', 'GET', '/analytics/satisfaction?groupBy=region');
    expect(byRegion.status).toBe(200);
    expect(byRegion.body['groups']).toEqual([
      { key: east, ...groupOf([lianhua, haitian]) },
      { key: west, ...groupOf([tianfu]) },
    ]);
    // By hand: east 73.96, NPS answers 10, 6, 9 → (2 − 1) / 3 → 33; west 10.42, 0 and 7 → −50.
    expect(groupOf([lianhua, haitian])).toMatchObject({ csi: 73.96, nps: 33, promoters: 2 });
    expect(groupOf([tianfu])).toMatchObject({ csi: 10.42, nps: -50, passives: 1 });
    const company = await onAnalytics('admin', 'GET', '/analytics/satisfaction?groupBy=company');
    expect(company.body['groups']).toEqual([
      { key: 'company', ...groupOf([lianhua, haitian, tianfu]) },
    ]);
    expect(groupOf([lianhua, haitian, tianfu])).toMatchObject({ csi: 52.78, nps: 0 });

    // D6 early warning: the survey customer below the floor is on the at-risk list.
    const atRisk = await onAnalytics('admin', 'GET', '/analytics/satisfaction/at-risk');
    expect(
      (atRisk.body['customers'] as { customerId: string; csi: number }[]).map((c) => [
        c.customerId,
        c.csi,
      ]),
    ).toEqual([[tianfu, 10.42]]);
    const trend = await onAnalytics('admin', 'GET', `/analytics/customers/${tianfu}/satisfaction`);
    expect(trend.body['points']).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'survey' })]),
    );
    expect((trend.body['alerts'] as unknown[]).length).toBe(1);
  }, 180_000);

  it.each([
    ['a score of 0', { questions: [{ question: QUESTIONS[0], score: 0 }] }, 'questions.0.score'],
    ['a score of 6', { questions: [{ question: QUESTIONS[0], score: 6 }] }, 'questions.0.score'],
    ['an NPS of 11', { nps: 11 }, 'nps'],
    ['no questions', { questions: undefined }, 'questions'],
    ['no question answered', { questions: [] }, 'questions'],
    [
      '21 questions',
      { questions: Array.from({ length: 21 }, () => ({ question: QUESTIONS[1], score: 3 })) },
      'questions',
    ],
    [
      'a future answeredAt',
      { answeredAt: new Date(Date.now() + 86_400_000).toISOString() },
      'answeredAt',
    ],
    ['a comment over 2000 characters', { comment: '很'.repeat(2001) }, 'comment'],
    ['an unknown source', { source: 'pigeon' }, 'source'],
  ])('refuses %s naming the field, and stores nothing', async (_, change, field) => {
    const customerId = await register(`无锡测试 ${suffix} ${field}`, 'east', 'rep east');
    const posted = await onCustomers('rep east', 'POST', `/customers/${customerId}/surveys`, {
      ...bodyOf({ scores: [4, 4], nps: 8 }, `BAD-${suffix}-${field}`),
      ...change,
    });
    expect([400, 422]).toContain(posted.status);
    expect(posted.type).toMatch(/^application\/problem\+json/);
    expect((posted.body['errors'] as { field: string }[]).map((error) => error.field)).toContain(
      field,
    );
    expect(await surveysIn(customerId)).toBe(0);
  });

  it('erasure makes a survey’s comment unreadable; the scores stay', async () => {
    const customerId = await register(`绍兴评论测试 ${suffix}`, 'east', 'rep east');
    await answer('rep east', customerId, { scores: [4, 2], nps: 5 });
    const surveyData = async () =>
      (
        (await onCustomers('admin', 'GET', `/customers/${customerId}/history`)).body['events'] as {
          type: string;
          data: Json;
        }[]
      ).find((event) => event.type === 'SurveyAnswered')!.data;
    expect(await surveyData()).toMatchObject({ comment: '交货及时，客服回复慢了一点', nps: 5 });
    const erasure = await onCustomers('admin', 'DELETE', `/customers/${customerId}`, {
      reason: 'data_subject_request',
    });
    expect(erasure.status).toBe(200);
    const after = await surveyData();
    expect(after).not.toHaveProperty('comment');
    expect(after).toMatchObject({ questions: [{ score: 4 }, { score: 2 }], nps: 5 });
  });

  it('refuses a survey of an unknown or erased customer', async () => {
    const body = bodyOf({ scores: [3] }, `GONE-${suffix}`);
    expectProblem(
      await onCustomers(
        'admin',
        'POST',
        '/customers/01937a1e-9999-7000-8000-000000000099/surveys',
        body,
      ),
      404,
    );
    const erased = await register(`常州擦除测试 ${suffix}`, 'east', 'rep east');
    const erasure = await onCustomers('admin', 'DELETE', `/customers/${erased}`, {
      reason: 'data_subject_request',
    });
    expect(erasure.status).toBe(200);
    expectProblem(await onCustomers('admin', 'POST', `/customers/${erased}/surveys`, body), 409);
    expect(await surveysIn(erased)).toBe(0);
  });
});
