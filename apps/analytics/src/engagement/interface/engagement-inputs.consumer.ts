import { Inject, Injectable } from '@nestjs/common';
import { Topics, type CloudEvent } from '@crm/contracts';
import { APP_CONFIG, CLOCK, type Clock, EventConsumers } from '@crm/platform';
import {
  FollowUpsHandler,
  type FollowUpCause,
} from '@apps/analytics/src/engagement/application/follow-ups/follow-ups.handler';
import { GreetingPlanner } from '@apps/analytics/src/engagement/application/greetings/greeting-planner';
import {
  reactionsTo,
  type EngagementCommand,
  type KnownBefore,
  type UpstreamFact,
} from '@apps/analytics/src/engagement/domain/engagement-reactions';
import type { EngagementConfig } from '@apps/analytics/src/engagement/engagement.config';
import { EngagementDirectory } from '@apps/analytics/src/engagement/infrastructure/engagement-directory';
import { acceptsUpstream, upstreamFactOf } from './engagement-input-facts';

/**
 * Engagement's inputs: contacts, owners and tiers for greetings; visits, complaints, purchases,
 * key accounts and lifecycle changes for follow-ups. Records are keyed by customer, so each
 * customer's facts are applied in order by one member of the group: what the directory knew is
 * read, the event is recorded in the directory (its projections, through the runner), and the
 * commands the domain's rules call for are carried out. A redelivery finds the event recorded and
 * decides again; every command is idempotent (deterministic follow-up ids, convergent planning).
 */
@Injectable()
export class EngagementInputsConsumer {
  constructor(
    consumers: EventConsumers,
    @Inject(APP_CONFIG) private readonly config: EngagementConfig,
    private readonly directory: EngagementDirectory,
    private readonly planner: GreetingPlanner,
    private readonly followUps: FollowUpsHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    consumers.create({
      name: 'engagement-inputs',
      topics: [Topics.customers, Topics.visits, Topics.complaints, Topics.analytics],
      accepts: acceptsUpstream,
      handle: (event) => this.handle(event),
    });
  }

  private async handle(event: CloudEvent): Promise<void> {
    const fact = upstreamFactOf(event);
    const known = fact ? await this.knownBefore(fact) : {};
    const commands = fact
      ? reactionsTo(fact, known, {
          now: this.clock.now(),
          firstPurchaseWindowMs: this.config.FOLLOW_UP_FIRST_PURCHASE_WINDOW,
        })
      : [];
    // Follow-ups change hands before the owners are recorded (ADR 132): a redelivery after a
    // crash between the two finds the change not yet recorded and moves what is left.
    const beforeRecording = commands.filter(
      (command): boolean =>
        command.kind === 'move_follow_ups' || command.kind === 'hand_unassigned_follow_ups',
    );
    const cause = {
      customerId: fact?.customerId ?? '',
      sourceEventId: event.id,
      correlationId: event.correlationid ?? event.id,
    };
    for (const command of beforeRecording) await this.carryOut(command, cause);
    await this.directory.apply(event);
    for (const command of commands) {
      if (!beforeRecording.includes(command)) await this.carryOut(command, cause);
    }
  }

  /** What the rules read of the directory, as it was before this event. */
  private async knownBefore(fact: UpstreamFact): Promise<KnownBefore> {
    switch (fact.kind) {
      case 'customer_registered':
      case 'owner_assigned': {
        const owners = await this.directory.owner(fact.customerId);
        return owners ? { owners } : {};
      }
      case 'purchase_recorded': {
        const earliest = (await this.directory.factsOf(fact.customerId))?.earliestPurchaseAt;
        return earliest ? { earliestPurchaseAt: earliest } : {};
      }
      case 'complaint_closed': {
        const complaint = await this.directory.complaint(fact.complaintId);
        return complaint ? { complaint } : {};
      }
      case 'customer_erased':
        return { contactIds: await this.contactIdsOf(fact.customerId, true) };
      case 'tier_changed': {
        const tier = await this.directory.tier(fact.customerId);
        const contactIds = await this.contactIdsOf(fact.customerId, false);
        return { contactIds, ...(tier ? { tierSeq: tier.seq } : {}) };
      }
      default:
        return {};
    }
  }

  private async contactIdsOf(customerId: string, withRemoved: boolean): Promise<string[]> {
    const contacts = await this.directory.contactsOf(customerId, withRemoved);
    return contacts.map((contact) => contact._id);
  }

  private async carryOut(command: EngagementCommand, cause: FollowUpCause): Promise<void> {
    const now = this.clock.now();
    const planning = { correlationId: cause.correlationId, causationId: cause.sourceEventId };
    switch (command.kind) {
      case 'schedule_follow_up':
        await this.followUps.schedule({ ...command.plan, ...cause }, now);
        return;
      case 'withdraw_first_purchase_call':
        await this.followUps.withdrawFirstPurchaseCall(cause, now);
        return;
      case 'withdraw_reactivation_calls':
        await this.followUps.withdrawReactivationCalls(cause, now);
        return;
      case 'plan_key_account_meeting':
        await this.followUps.planKeyAccountMeeting(
          { ...cause, keyAccountManagerId: command.keyAccountManagerId },
          now,
          now,
        );
        return;
      case 'end_key_account_meetings':
        await this.followUps.endKeyAccountMeetings(cause, now);
        return;
      case 'move_follow_ups':
        await this.followUps.ownersChanged(cause, command.from, command.to, now);
        return;
      case 'hand_unassigned_follow_ups':
        await this.followUps.ownersKnown(cause, command.to, now);
        return;
      case 'plan_greetings':
        for (const contactId of command.contactIds)
          await this.planner.planContact(contactId, planning, now);
        return;
    }
  }
}
