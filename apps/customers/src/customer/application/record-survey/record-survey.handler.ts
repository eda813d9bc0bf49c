import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type RequestContext } from '@crm/platform';
import type { SurveyInput } from '@apps/customers/src/customer/domain/surveys.decider';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';
import { externalReferenceKeys } from '../external-reference';

export type RecordSurveyInput = Omit<SurveyInput, 'surveyId'>;

export interface RecordSurveyResult extends CommandOutcome {
  readonly surveyId: string;
  /** False when (source, externalReference) had been recorded before: nothing was counted again. */
  readonly recorded: boolean;
}

/** A survey's id and guard follow from its customer, source and reference (a replay is the same). */
const surveyKeys = externalReferenceKeys('survey', '3b0f5d2e-8c41-4f7a-9a8e-6d2c1b7e5f90');

export const surveyIdOf = surveyKeys.idOf;
const surveyGuardOf = surveyKeys.guardOf;

/** D6: one answered survey of a customer, a source of its satisfaction scores. */
@Injectable()
export class RecordSurveyHandler {
  constructor(
    private readonly commands: CustomerCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    customerId: string,
    input: RecordSurveyInput,
    context: RequestContext,
  ): Promise<RecordSurveyResult> {
    const surveyId = surveyIdOf(customerId, input.source, input.externalReference);
    const outcome = await this.commands.run(
      customerId,
      context,
      () => ({
        type: 'RecordSurvey',
        data: { survey: { surveyId, ...input } },
        now: this.clock.now(),
      }),
      {
        idempotencyKey: surveyGuardOf(customerId, input.source, input.externalReference),
        retries: 5,
      },
    );
    return { ...outcome, surveyId, recorded: outcome.eventTypes.length > 0 && !outcome.replayed };
  }
}
