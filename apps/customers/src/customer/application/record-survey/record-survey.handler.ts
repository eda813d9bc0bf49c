import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import type { RequestContext } from '@crm/platform';
import type { SurveyInput } from '@apps/customers/src/customer/domain/surveys.decider';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';

export type RecordSurveyInput = Omit<SurveyInput, 'surveyId'>;

export interface RecordSurveyResult extends CommandOutcome {
  readonly surveyId: string;
  /** False when (source, externalReference) had been recorded before: nothing was counted again. */
  readonly recorded: boolean;
}

const SURVEY_NAMESPACE = '3b0f5d2e-8c41-4f7a-9a8e-6d2c1b7e5f90';

/** The survey id follows from its customer, source and reference: a replayed import gets the same id. */
export const surveyIdOf = (customerId: string, source: string, externalReference: string): string =>
  uuidv5(`${customerId}\n${source}\n${externalReference}`, SURVEY_NAMESPACE);

/**
 * As purchases' order guard (D2): within a customer the decider ignores a reference it has seen;
 * for concurrent posts of the same survey the event store's unique idempotency index admits one.
 */
const surveyGuardOf = (customerId: string, source: string, externalReference: string): string =>
  `survey:${createHash('sha256').update(`${customerId}\n${source}\n${externalReference}`).digest('hex')}`;

/** D6: one answered survey of a customer, a source of its satisfaction scores. */
@Injectable()
export class RecordSurveyHandler {
  constructor(private readonly commands: CustomerCommands) {}

  async record(
    customerId: string,
    input: RecordSurveyInput,
    context: RequestContext,
  ): Promise<RecordSurveyResult> {
    const surveyId = surveyIdOf(customerId, input.source, input.externalReference);
    const outcome = await this.commands.run(
      customerId,
      context,
      () => ({ type: 'RecordSurvey', data: { survey: { surveyId, ...input } }, now: new Date() }),
      {
        idempotencyKey: surveyGuardOf(customerId, input.source, input.externalReference),
        retries: 5,
      },
    );
    return { ...outcome, surveyId, recorded: outcome.eventTypes.length > 0 && !outcome.replayed };
  }
}
