import type { CustomerEvent } from '@crm/contracts';
import {
  at,
  codeOf,
  given,
  now,
  registered,
  registration,
} from '@apps/customers/test/customer-decider.kit';
import { decideCustomer } from './customer.decider';
import { CustomerErrorCode } from './customer.errors';
import type { SurveyInput } from './surveys.decider';

const survey = (externalReference: string, overrides: Partial<SurveyInput> = {}) =>
  at('RecordSurvey', {
    survey: {
      surveyId: `s-${externalReference}`,
      answeredAt: '2026-11-20T10:00:00.000Z',
      questions: [
        { question: '您对交货速度满意吗？', score: 4 },
        { question: '售后服务态度如何？', score: 2 },
      ],
      source: 'email',
      externalReference,
      ...overrides,
    },
  });

describe('surveys (D6)', () => {
  it('given a customer, when a survey is recorded, then SurveyAnswered carries its answers', () => {
    const events = decideCustomer(
      survey('Q-1', { nps: 9, comment: '交货很快，但客服回复慢' }),
      given(registration),
    );
    expect(events).toEqual<CustomerEvent[]>([
      {
        type: 'SurveyAnswered',
        data: {
          customerId: 'c-1',
          surveyId: 's-Q-1',
          answeredAt: '2026-11-20T10:00:00.000Z',
          questions: [
            { question: '您对交货速度满意吗？', score: 4 },
            { question: '售后服务态度如何？', score: 2 },
          ],
          nps: 9,
          comment: '交货很快，但客服回复慢',
          source: 'email',
          externalReference: 'Q-1',
        },
      },
    ]);
  });

  it('records NPS 0 (a detractor) and leaves absent what was not answered', () => {
    const [withZero] = decideCustomer(survey('Q-0', { nps: 0 }), given(registration));
    expect(withZero?.data).toMatchObject({ nps: 0 });
    const [plain] = decideCustomer(survey('Q-2'), given(registration));
    expect(plain?.data).not.toHaveProperty('nps');
    expect(plain?.data).not.toHaveProperty('comment');
  });

  it('given a survey recorded, when the same source and reference come again, then nothing is recorded', () => {
    const state = given(registration, survey('Q-1'));
    expect(registered(state).surveyKeys).toEqual({ 'email\nQ-1': 's-Q-1' });
    expect(
      decideCustomer(survey('Q-1', { questions: [{ question: '重复', score: 1 }] }), state),
    ).toEqual([]);
    // The same reference from another source is another survey.
    expect(decideCustomer(survey('Q-1', { source: 'phone' }), state)).toHaveLength(1);
  });

  it('refuses a survey dated after now, naming answeredAt', () => {
    const later = new Date(now.getTime() + 1000).toISOString();
    expect(
      codeOf(() => decideCustomer(survey('Q-3', { answeredAt: later }), given(registration))),
    ).toBe(CustomerErrorCode.SurveyInFuture);
  });

  it('refuses a survey of an erased or merged customer', () => {
    const erased = given(
      registration,
      at('EraseCustomer', { reason: 'data_subject_request', requestReference: 'DSR-1' }),
    );
    expect(codeOf(() => decideCustomer(survey('Q-4'), erased))).toBe(CustomerErrorCode.Erased);
    const merged = given(registration, at('MergeInto', { survivorId: 'c-2' }));
    expect(codeOf(() => decideCustomer(survey('Q-4'), merged))).toBe(CustomerErrorCode.Merged);
    expect(codeOf(() => decideCustomer(survey('Q-4'), given()))).toBe(CustomerErrorCode.NotFound);
  });
});
