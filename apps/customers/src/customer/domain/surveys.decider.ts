import type { CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import { orderKeyOf, type CommandOf, type EventOf, type RegisteredState } from './customer.state';

type SurveyAnsweredData = EventOf<'SurveyAnswered'>['data'];

export type SurveyInput = Omit<SurveyAnsweredData, 'customerId' | 'sealed'>;

/**
 * D6: an answered survey is one source of satisfaction scores. It is recorded once per source and
 * external reference (a replayed import records nothing, as purchases' order references, D2), and
 * never dated after it was recorded.
 */
export type SurveyCommand = CommandOf<'RecordSurvey', { readonly survey: SurveyInput }>;

export type SurveyEvent = EventOf<'SurveyAnswered'>;

export function decideSurveys(command: SurveyCommand, state: RegisteredState): CustomerEvent[] {
  const { survey } = command.data;
  const key = orderKeyOf(survey.source, survey.externalReference);
  // A replay of a survey already recorded is not an error: it simply records nothing.
  if (state.surveyKeys[key] !== undefined) return [];
  if (Date.parse(survey.answeredAt) > command.now.getTime()) {
    throw new CustomerError(
      CustomerErrorCode.SurveyInFuture,
      `the survey is dated ${survey.answeredAt}, after now`,
      { errors: [{ field: 'answeredAt', message: 'must not be in the future' }] },
    );
  }
  const { comment, nps, ...rest } = survey;
  return [
    {
      type: 'SurveyAnswered',
      data: {
        customerId: state.customerId,
        ...rest,
        ...(nps !== undefined ? { nps } : {}),
        ...(comment !== undefined ? { comment } : {}),
      },
    },
  ];
}

export function evolveSurveys(state: RegisteredState, event: SurveyEvent): RegisteredState {
  const key = orderKeyOf(event.data.source, event.data.externalReference);
  return { ...state, surveyKeys: { ...state.surveyKeys, [key]: event.data.surveyId } };
}
