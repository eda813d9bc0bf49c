import { Inject, Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  complaintAssigned,
  complaintClosed,
  followUpCompleted,
  parseEventType,
  Topics,
  visitCompleted,
  type CloudEvent,
} from '@crm/contracts';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { alreadyApplied, applyTo } from '@apps/analytics/src/projections/application/apply-to';
import type { ApplyMode, Projection } from '@apps/analytics/src/projections/application/projection';
import { alertEpisodes, type AlertEpisode } from '../domain/alert-episodes';
import { SatisfactionAlerts } from './satisfaction-alerts';

export const SATISFACTION = 'satisfaction';

export interface ScoreEntry {
  readonly eventId: string;
  readonly source: 'visit' | 'complaint' | 'follow_up';
  readonly value: number;
  readonly at: string;
  readonly repId?: string;
  readonly department?: string;
}

/** Every satisfaction score of one customer (D6 sources), its alert episodes and its CSI as of the last score. */
export interface SatisfactionDocument {
  _id: string;
  scores?: ScoreEntry[];
  /** complaint id → the department it was assigned to: a closure score counts for that department. */
  complaintDepartments?: Record<string, string>;
  episodes?: AlertEpisode[];
  csi?: number | null;
  applied?: Record<string, number>;
}

/** Which streams feed the scores: visits, complaints and follow-ups (their every event advances the checkpoint). */
const feeds = (event: CloudEvent, name: string): boolean =>
  event.source === 'crm/complaints' ||
  (event.source === 'crm/visits' && name.startsWith('Visit')) ||
  (event.source === 'crm/engagement' && name.startsWith('FollowUp'));

@Injectable()
export class SatisfactionProjection implements Projection<SatisfactionDocument> {
  readonly name = SATISFACTION;
  readonly topics = [Topics.visits, Topics.complaints, Topics.engagement];

  constructor(
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    private readonly alerts: SatisfactionAlerts,
  ) {}

  async apply(
    event: CloudEvent,
    target: Collection<SatisfactionDocument>,
    mode: ApplyMode,
  ): Promise<boolean> {
    const name = parseEventType(event.type)?.name ?? '';
    const customerId = event.customerid;
    if (!customerId || !feeds(event, name)) return false;
    const document = await target.findOne({ _id: customerId });
    if (alreadyApplied(document, event)) return false;

    if (name === complaintAssigned.name) {
      const data = complaintAssigned.schema.parse(event.data);
      return applyTo(target, customerId, event, {
        $set: { [`complaintDepartments.${data.complaintId}`]: data.department },
      });
    }
    const score = this.scoreOf(event, name, document);
    if (!score) return applyTo(target, customerId, event);

    // Kept in business-time order: the document is the same whatever order the topics interleaved in.
    const scores = [
      ...(document?.scores ?? []).filter((s) => s.eventId !== score.eventId),
      score,
    ].sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
    const { episodes, current } = alertEpisodes(scores, this.rules.csi, this.rules.alerts);
    const known = new Set((document?.episodes ?? []).map((episode) => episode.eventId));
    if (mode.live) {
      // Published before the document records the score: a crash in between re-delivers the event,
      // and the alert's idempotent append makes the second attempt a no-op.
      for (const episode of episodes.filter((e) => !known.has(e.eventId))) {
        await this.alerts.raise(customerId, episode, this.rules.alerts);
      }
    }
    return applyTo(target, customerId, event, { $set: { scores, episodes, csi: current } });
  }

  private scoreOf(
    event: CloudEvent,
    name: string,
    document: SatisfactionDocument | null,
  ): ScoreEntry | null {
    switch (name) {
      case visitCompleted.name: {
        const data = visitCompleted.schema.parse(event.data);
        return {
          eventId: event.id,
          source: 'visit',
          value: data.feedbackScore,
          at: data.completedAt,
          repId: data.repId,
        };
      }
      case complaintClosed.name: {
        const data = complaintClosed.schema.parse(event.data);
        const department = document?.complaintDepartments?.[data.complaintId];
        return {
          eventId: event.id,
          source: 'complaint',
          value: data.satisfaction,
          at: data.at,
          ...(department ? { department } : {}),
        };
      }
      case followUpCompleted.name: {
        const data = followUpCompleted.schema.parse(event.data);
        if (data.satisfactionScore === undefined) return null;
        return {
          eventId: event.id,
          source: 'follow_up',
          value: data.satisfactionScore,
          at: data.completedAt,
          repId: data.ownerId,
        };
      }
      default:
        return null;
    }
  }
}
