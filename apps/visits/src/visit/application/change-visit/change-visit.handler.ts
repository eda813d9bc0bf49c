import { Inject, Injectable } from '@nestjs/common';
import type { JobQueues } from '@crm/jobs';
import { causeOf, CLOCK, type Clock, mayAct, type RequestContext } from '@crm/platform';
import {
  missedCheckDueAt,
  type MissedVisitPolicy,
  type VisitCommand,
  type VisitStatus,
} from '@apps/visits/src/visit/domain/visit.decider';
import { VisitError, VisitErrorCode } from '@apps/visits/src/visit/domain/visit.errors';
import { JOB_QUEUES, MISSED_VISIT_POLICY, VISIT_HANDLER } from '@apps/visits/src/visits.tokens';
import type { VisitCommandHandler } from '../visit.commands';
import { visitMissedCheck, visitMissedCheckId } from '../visit.jobs';

type Change = Extract<VisitCommand, { type: 'RescheduleVisit' | 'CompleteVisit' | 'CancelVisit' }>;
export type ChangeVisitInput = Omit<Change, 'now'>;

/** Reschedule, complete or cancel: load, check access and If-Match, decide, append, move the missed-visit job. */
@Injectable()
export class ChangeVisitHandler {
  constructor(
    @Inject(VISIT_HANDLER) private readonly visits: VisitCommandHandler,
    @Inject(JOB_QUEUES) private readonly jobs: JobQueues,
    @Inject(MISSED_VISIT_POLICY) private readonly missedPolicy: MissedVisitPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    visitId: string,
    input: ChangeVisitInput,
    context: RequestContext,
  ): Promise<{ visitId: string; version: number; status: VisitStatus }> {
    const command = { ...input, now: this.clock.now() } as Change;
    let plannedDate = '';
    const changed = await this.visits.handle(
      visitId,
      ({ state }) => {
        if (
          state.status === 'none' ||
          !mayAct(context.scope, { ownerId: state.repId, region: state.region })
        ) {
          throw new VisitError(VisitErrorCode.NotFound, `visit ${visitId} not found`, { visitId });
        }
        plannedDate = state.plannedDate;
        return command;
      },
      causeOf(context),
      {
        expectedVersion: context.expectedVersion,
        retries: 0,
        beforeAppend: async (_, { state }) => {
          if (command.type !== 'RescheduleVisit' || state.status === 'none') return;
          // The new day's check exists before the visit moves; the old day's check will find nothing to do.
          const moved = { ...state, plannedDate: command.data.plannedDate };
          await this.jobs.schedule(
            visitMissedCheck,
            { visitId, plannedDate: moved.plannedDate },
            {
              jobId: visitMissedCheckId(visitId, moved.plannedDate),
              runAt: missedCheckDueAt(moved, this.missedPolicy),
            },
          );
        },
      },
    );
    // Housekeeping only: a stale check that still runs decides nothing.
    await this.jobs.cancel(visitMissedCheck, visitMissedCheckId(visitId, plannedDate));
    const { status } = changed.state;
    if (status === 'none') throw new Error(`visit ${visitId} has no state after a change`);
    return { visitId, version: changed.version, status };
  }
}
