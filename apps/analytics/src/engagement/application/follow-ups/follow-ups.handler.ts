import { Inject, Injectable } from '@nestjs/common';
import type { FollowUpAbout, FollowUpOutcome, FollowUpReason } from '@crm/contracts';
import { causedBy } from '@crm/event-store';
import type { JobQueues } from '@crm/jobs';
import { APP_CONFIG, causeOf, CLOCK, type Clock, mayAct, type RequestContext } from '@crm/platform';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import {
  followUpIdOf,
  type FollowUpRule,
} from '@apps/analytics/src/engagement/domain/follow-up.decider';
import { reactivationSourceOf } from '@apps/analytics/src/engagement/domain/engagement-reactions';
import {
  holderOf,
  nextKeyAccountMeeting,
  REACTIVATION_REASONS,
  type CustomerOwners,
} from '@apps/analytics/src/engagement/domain/follow-up.rules';
import {
  followUpRulesOf,
  type EngagementConfig,
  type FollowUpRuleName,
} from '@apps/analytics/src/engagement/engagement.config';
import { EngagementDirectory } from '@apps/analytics/src/engagement/infrastructure/engagement-directory';
import { ENGAGEMENT_JOB_QUEUES, followUpDueJob, followUpJobId } from '../engagement-jobs';
import {
  ENGAGEMENT_CONFLICT_RETRIES,
  EngagementStreams,
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
  /** What it is about (the closed complaint), carried on FollowUpScheduled for its owner. */
  readonly about?: FollowUpAbout;
  readonly correlationId: string;
}

/** The event a follow-up change comes from, for tracing. */
export interface FollowUpCause {
  readonly customerId: string;
  readonly sourceEventId: string;
  readonly correlationId: string;
}

const MEETING = 'key_account_annual_meeting';
const meetingPrefix = (customerId: string): string => `${followUpIdOf(MEETING, customerId)}-`;

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
    private readonly streams: EngagementStreams,
    @Inject(CLOCK) private readonly clock: Clock,
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

  async schedule(trigger: FollowUpTrigger, now = this.clock.now()): Promise<string> {
    const rule = this.rules[trigger.rule];
    const followUpId = followUpIdOf(trigger.reason, trigger.sourceId);
    const owner = await this.directory.owner(trigger.customerId);
    const kam = trigger.keyAccountManagerId ?? owner?.keyAccountManagerId;
    const rep = trigger.repId ?? owner?.ownerId;
    const ownerId =
      holderOf(rule.owner, { ownerId: rep, keyAccountManagerId: kam }) ??
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
        ...(trigger.about ? { about: trigger.about } : {}),
        now,
      },
      {
        actorId: FOLLOW_UP_ACTOR,
        correlationId: trigger.correlationId,
        causationId: trigger.sourceEventId,
      },
      { retries: ENGAGEMENT_CONFLICT_RETRIES },
    );
    await this.directory.recordFollowUp(trigger.customerId, followUpId);
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

  async markDue(followUpId: string, jobId: string, now = this.clock.now()): Promise<void> {
    const { state } = await this.followUps.handle(
      followUpId,
      { kind: 'mark-due', followUpId, now },
      causedBy(FOLLOW_UP_ACTOR, jobId),
      { retries: ENGAGEMENT_CONFLICT_RETRIES },
    );
    // A key account's meetings repeat: the next one is planned when this one's call falls due.
    if (state.reason === MEETING && state.customerId && state.scheduledFor) {
      const meetingAt = new Date(
        Date.parse(state.scheduledFor) + this.config.FOLLOW_UP_KEY_ACCOUNT_MEETING_LEAD,
      );
      await this.planKeyAccountMeeting(
        { customerId: state.customerId, sourceEventId: jobId, correlationId: jobId },
        meetingAt,
      );
    }
  }

  /** D9 first purchase (ADR 123): an earlier purchase arrived, the call was not about a first one. */
  async withdrawFirstPurchaseCall(cause: FollowUpCause, now = this.clock.now()): Promise<void> {
    await this.cancel(
      followUpIdOf('first_purchase', cause.customerId),
      'an earlier purchase was recorded: not a first purchase',
      cause,
      now,
    );
  }

  /** Retirement ends the meetings: the pending call is withdrawn and none is planned again. */
  async endKeyAccountMeetings(cause: FollowUpCause, now = this.clock.now()): Promise<void> {
    await this.cancelAll(meetingPrefix(cause.customerId), 'key account retired', cause, now);
  }

  /** D5/D9: a customer back to new or active buys again; open reactivation calls are withdrawn. */
  async withdrawReactivationCalls(cause: FollowUpCause, now = this.clock.now()): Promise<void> {
    for (const reason of REACTIVATION_REASONS) {
      const prefix = `${followUpIdOf(reason, reactivationSourceOf(cause.customerId, ''))}`;
      await this.cancelAll(prefix, 'the customer bought again', cause, now);
    }
  }

  /**
   * The customer changed hands (a rep left and handed over, a manager reassigned it, a new
   * key-account manager): each open follow-up held by whoever had its role goes to whoever has it
   * now. A visit's call held by another rep than the owner stays theirs. Answers how many moved.
   */
  async ownersChanged(
    cause: FollowUpCause,
    before: CustomerOwners,
    after: CustomerOwners,
    now = this.clock.now(),
  ): Promise<number> {
    let moved = 0;
    for (const followUpId of await this.directory.followUpsOf(cause.customerId)) {
      const loaded = await this.followUps.load(followUpId);
      if (!loaded.state.reason) continue;
      const role = this.ruleOf(loaded.state.reason).owner;
      const from = holderOf(role, before);
      const to = holderOf(role, after);
      if (!from || !to) continue;
      const { events } = await this.followUps.handle(
        followUpId,
        { kind: 'reassign', followUpId, from, to, now },
        {
          actorId: FOLLOW_UP_ACTOR,
          correlationId: cause.correlationId,
          causationId: cause.sourceEventId,
        },
        { retries: ENGAGEMENT_CONFLICT_RETRIES, loaded },
      );
      moved += events.length;
    }
    return moved;
  }

  /**
   * The customer's owners became known (its registration arrived after a fact on another topic):
   * the follow-ups planned meanwhile for FOLLOW_UP_UNASSIGNED_OWNER go to them.
   */
  ownersKnown(
    cause: FollowUpCause,
    owners: CustomerOwners,
    now = this.clock.now(),
  ): Promise<number> {
    return this.ownersChanged(
      cause,
      { ownerId: this.config.FOLLOW_UP_UNASSIGNED_OWNER },
      owners,
      now,
    );
  }

  private ruleOf(reason: FollowUpReason): FollowUpRule {
    return REACTIVATION_REASONS.includes(reason)
      ? this.rules.reactivation
      : this.rules[reason as FollowUpRuleName];
  }

  /**
   * D8/D9: the call before the key account's next meeting after `after`, from the standing the
   * directory recorded (a designation plans the first; each one falling due plans the next).
   */
  async planKeyAccountMeeting(
    cause: FollowUpCause & { readonly keyAccountManagerId?: string },
    after: Date,
    now = this.clock.now(),
  ): Promise<void> {
    const facts = await this.directory.factsOf(cause.customerId);
    if (!facts?.keyAccountSince) return;
    const next = nextKeyAccountMeeting({
      designatedAt: facts.keyAccountSince,
      periodMonths: this.config.FOLLOW_UP_KEY_ACCOUNT_MEETING_EVERY_MONTHS,
      now: after,
      ...(facts.keyAccountRetiredAt ? { retiredAt: facts.keyAccountRetiredAt } : {}),
    });
    if (!next) return;
    await this.schedule(
      {
        rule: MEETING,
        reason: MEETING,
        customerId: cause.customerId,
        sourceId: `${cause.customerId}-${next.meetingAt.toISOString().slice(0, 10)}`,
        sourceEventId: cause.sourceEventId,
        from: next.meetingAt,
        ...(cause.keyAccountManagerId ? { keyAccountManagerId: cause.keyAccountManagerId } : {}),
        correlationId: cause.correlationId,
      },
      now,
    );
  }

  private async cancelAll(
    prefix: string,
    reason: string,
    cause: FollowUpCause,
    now: Date,
  ): Promise<void> {
    for (const followUpId of await this.streams.streamsStartingWith(prefix)) {
      await this.cancel(followUpId, reason, cause, now);
    }
  }

  private async cancel(
    followUpId: string,
    reason: string,
    cause: FollowUpCause,
    now: Date,
  ): Promise<void> {
    const { events } = await this.followUps.handle(
      followUpId,
      { kind: 'cancel', followUpId, reason, actorId: FOLLOW_UP_ACTOR, now },
      {
        actorId: FOLLOW_UP_ACTOR,
        correlationId: cause.correlationId,
        causationId: cause.sourceEventId,
      },
      { retries: ENGAGEMENT_CONFLICT_RETRIES },
    );
    if (events.length > 0) await this.queues.cancel(followUpDueJob, followUpJobId(followUpId));
  }

  async complete(
    command: CompleteFollowUp,
    context: RequestContext,
    now = this.clock.now(),
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
      causeOf(context),
      // The caller decided on the version it read (If-Match): a conflict is not retried.
      { expectedVersion: context.expectedVersion, retries: 0, loaded: folded },
    );
    await this.queues.cancel(followUpDueJob, followUpJobId(command.followUpId));
    return completed.version;
  }
}
