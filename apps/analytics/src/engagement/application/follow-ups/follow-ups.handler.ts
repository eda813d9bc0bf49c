import { Inject, Injectable } from '@nestjs/common';
import type { FollowUpOutcome, FollowUpReason } from '@crm/contracts';
import type { JobQueues } from '@crm/jobs';
import { APP_CONFIG, mayAct, type RequestContext } from '@crm/platform';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import {
  followUpIdOf,
  type FollowUpRule,
} from '@apps/analytics/src/engagement/domain/follow-up.decider';
import {
  followUpRulesOf,
  type EngagementConfig,
  type FollowUpRuleName,
} from '@apps/analytics/src/engagement/engagement.config';
import { EngagementDirectory } from '@apps/analytics/src/engagement/infrastructure/engagement-directory';
import { ENGAGEMENT_JOB_QUEUES, followUpDueJob, followUpJobId } from '../engagement-jobs';
import {
  ENGAGEMENT_CONFLICT_RETRIES,
  FOLLOW_UP_HANDLER,
  type FollowUpCommandHandler,
} from '../engagement-streams';

export const FOLLOW_UP_ACTOR = 'system:engagement-follow-ups';

/** A fact that calls for a follow-up (D9), from another context's event. */
export interface FollowUpTrigger {
  readonly rule: FollowUpRuleName | 'reactivation';
  readonly reason: FollowUpReason;
  readonly customerId: string;
  /** One follow-up per source: the event id, or the customer for a first purchase. */
  readonly sourceId: string;
  readonly sourceEventId: string;
  /** When the delay starts: the business time of the event. */
  readonly from: Date;
  /** The rep named by the event itself (a visit's rep), preferred to the customer's owner. */
  readonly repId?: string;
  readonly keyAccountManagerId?: string;
  readonly correlationId: string;
}

export interface CompleteFollowUp {
  readonly followUpId: string;
  readonly outcome: FollowUpOutcome;
  readonly satisfactionScore?: number;
  readonly note?: string;
}

/** Schedules, makes due and completes follow-ups through their command handler, then the job. */
@Injectable()
export class FollowUpsHandler {
  private readonly rules: Record<FollowUpRuleName | 'reactivation', FollowUpRule>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: EngagementConfig,
    @Inject(ENGAGEMENT_JOB_QUEUES) private readonly queues: JobQueues,
    @Inject(FOLLOW_UP_HANDLER) private readonly followUps: FollowUpCommandHandler,
    private readonly directory: EngagementDirectory,
    private readonly customers: CustomerScope,
  ) {
    const rules = followUpRulesOf(config);
    this.rules = {
      ...rules,
      reactivation: {
        delayMs: config.FOLLOW_UP_REACTIVATION_DELAY,
        channel: config.FOLLOW_UP_REACTIVATION_CHANNEL,
        owner: 'rep',
      },
    };
  }

  async schedule(trigger: FollowUpTrigger, now = new Date()): Promise<string> {
    const rule = this.rules[trigger.rule];
    const followUpId = followUpIdOf(trigger.reason, trigger.sourceId);
    const owner = await this.directory.owner(trigger.customerId);
    const kam = trigger.keyAccountManagerId ?? owner?.keyAccountManagerId;
    const rep = trigger.repId ?? owner?.ownerId;
    const ownerId =
      (rule.owner === 'key_account_manager' ? (kam ?? rep) : rep) ??
      this.config.FOLLOW_UP_UNASSIGNED_OWNER;
    const scheduledFor = new Date(Math.max(trigger.from.getTime() + rule.delayMs, now.getTime()));
    const { state } = await this.followUps.handle(
      followUpId,
      {
        kind: 'schedule',
        followUpId,
        customerId: trigger.customerId,
        ownerId,
        reason: trigger.reason,
        channel: rule.channel,
        scheduledFor,
        sourceEventId: trigger.sourceEventId,
        now,
      },
      {
        actorId: FOLLOW_UP_ACTOR,
        correlationId: trigger.correlationId,
        causationId: trigger.sourceEventId,
      },
      { retries: ENGAGEMENT_CONFLICT_RETRIES },
    );
    // Also for one scheduled before a crash: the job is added again (same id, no duplicate).
    if (state.status === 'scheduled' && state.scheduledFor) {
      await this.queues.schedule(
        followUpDueJob,
        { followUpId },
        { jobId: followUpJobId(followUpId), runAt: new Date(state.scheduledFor) },
      );
    }
    return followUpId;
  }

  async markDue(followUpId: string, jobId: string, now = new Date()): Promise<void> {
    await this.followUps.handle(
      followUpId,
      { kind: 'mark-due', followUpId, now },
      { actorId: FOLLOW_UP_ACTOR, correlationId: jobId, causationId: jobId },
      { retries: ENGAGEMENT_CONFLICT_RETRIES },
    );
  }

  async complete(
    command: CompleteFollowUp,
    context: RequestContext,
    now = new Date(),
  ): Promise<number> {
    // Besides its owner, whoever may act for the follow-up's customer (its region's manager, an admin).
    const folded = await this.followUps.load(command.followUpId);
    const customerId = folded.state.customerId;
    const customer = customerId ? await this.customers.refOf(customerId) : undefined;
    const completed = await this.followUps.handle(
      command.followUpId,
      {
        kind: 'complete',
        ...command,
        actorId: context.principal.userId,
        actorMayCompleteAny: mayAct(context.scope, customer),
        now,
      },
      {
        actorId: context.principal.userId,
        correlationId: context.correlationId,
        causationId: context.correlationId,
        idempotencyKey: context.idempotencyKey,
      },
      // The caller decided on the version it read (If-Match): a conflict is not retried.
      { expectedVersion: context.expectedVersion, retries: 0, loaded: folded },
    );
    await this.queues.cancel(followUpDueJob, followUpJobId(command.followUpId));
    return completed.version;
  }
}
