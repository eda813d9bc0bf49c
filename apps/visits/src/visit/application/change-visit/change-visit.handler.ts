import { Inject, Injectable } from '@nestjs/common';
import type { JobQueues } from '@crm/jobs';
import { mayAct, type RequestContext } from '@crm/platform';
import {
  decideVisit,
  evolveVisit,
  missedCheckDueAt,
  type MissedVisitPolicy,
  type VisitCommand,
  type VisitState,
} from '@apps/visits/src/visit/domain/visit.decider';
import { VisitError, VisitErrorCode } from '@apps/visits/src/visit/domain/visit.errors';
import { JOB_QUEUES, MISSED_VISIT_POLICY } from '@apps/visits/src/visits.tokens';
import { causeOf, VisitRepository } from '../visit.repository';
import { visitMissedCheck, visitMissedCheckId } from '../visit.jobs';

type Change = Extract<VisitCommand, { type: 'RescheduleVisit' | 'CompleteVisit' | 'CancelVisit' }>;
export type ChangeVisitInput = Omit<Change, 'now'>;

/** Reschedule, complete or cancel: load, check access and If-Match, decide, append, move the missed-visit job. */
@Injectable()
export class ChangeVisitHandler {
  constructor(
    private readonly visits: VisitRepository,
    @Inject(JOB_QUEUES) private readonly jobs: JobQueues,
    @Inject(MISSED_VISIT_POLICY) private readonly missedPolicy: MissedVisitPolicy,
  ) {}

  async execute(
    visitId: string,
    input: ChangeVisitInput,
    context: RequestContext,
  ): Promise<{ visitId: string; version: number; status: string }> {
    const { state, version } = await this.visits.load(visitId);
    if (state.status === 'none' || !mayAct(context.scope, { ownerId: state.repId, region: state.region })) {
      throw new VisitError(VisitErrorCode.NotFound, `visit ${visitId} not found`, { visitId });
    }
    this.visits.assertExpected(visitId, version, context.expectedVersion);
    const command = { ...input, now: new Date() } as Change;
    const events = decideVisit(command, state);
    if (command.type === 'RescheduleVisit') {
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
    }
    const appended = await this.visits.append(
      visitId,
      state.customerId,
      version,
      events,
      causeOf(context),
    );
    // Housekeeping only: a stale check that still runs decides nothing.
    await this.jobs.cancel(visitMissedCheck, visitMissedCheckId(visitId, state.plannedDate));
    const next = events.reduce<VisitState>(evolveVisit, state);
    return { visitId, version: appended.version, status: next.status };
  }
}
