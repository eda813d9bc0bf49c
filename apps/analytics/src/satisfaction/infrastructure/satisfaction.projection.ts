import { Inject, Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import {
  complaintAssigned,
  complaintClosed,
  eventRegistry,
  followUpCompleted,
  parseEventType,
  surveyAnswered,
  Topics,
  visitCompleted,
  type CloudEvent,
} from '@crm/contracts';
import {
  alreadyApplied,
  type ApplyMode,
  applySparse,
  applyTo,
  type Projection,
} from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { alertEpisodes } from '../domain/alert-episodes';
import { surveyScoreOf } from '../domain/survey-scores';
import { SatisfactionPublisher } from './satisfaction-publisher';

export const SATISFACTION = 'satisfaction';

export interface ScoreEntry {
  readonly eventId: string;
  readonly source: 'visit' | 'complaint' | 'follow_up' | 'survey';
  /** 1–5; a survey's is the mean of its questions' answers. */
  readonly value: number;
  /** A survey's answer to the NPS question, 0–10, when it was asked. */
  readonly nps?: number;
  readonly at: string;
  readonly repId?: string;
  readonly department?: string;
}

/**
 * The satisfaction scores of one customer from one topic (D6 sources): `<customer>:<context>`.
 * One document per customer and topic, so each has one writer, the consumer of that topic's
 * partition, even when the topics' partitions are spread over several instances (ADR 0040).
 */
export interface SatisfactionDocument {
  _id: string;
  customerId?: string;
  scores?: ScoreEntry[];
  /** complaint id → the department it was assigned to: a closure score counts for that department. */
  complaintDepartments?: Record<string, string>;
  applied?: Record<string, number>;
}

export const satisfactionDocumentId = (customerId: string, source: string): string =>
  `${customerId}:${source.replace('crm/', '')}`;

/**
 * Which streams feed the scores: visits, complaints and follow-ups (their every event advances the
 * checkpoint), and of the customers' events only the surveys (the others are not even parsed).
 */
const feeds = (event: CloudEvent, name: string): boolean =>
  event.source === 'crm/complaints' ||
  (event.source === 'crm/visits' && name.startsWith('Visit')) ||
  (event.source === 'crm/engagement' && name.startsWith('FollowUp')) ||
  (event.source === 'crm/customers' && name === surveyAnswered.name);

const SURVEY_ANSWERED = eventRegistry.typeOf('customers', surveyAnswered.name);
const CUSTOMERS_TYPES = 'crm.customers.';

@Injectable()
export class SatisfactionProjection implements Projection<SatisfactionDocument> {
  readonly name = SATISFACTION;
  readonly topics = [Topics.visits, Topics.complaints, Topics.engagement, Topics.customers];
  readonly accepts = (type: string): boolean =>
    !type.startsWith(CUSTOMERS_TYPES) || type === SURVEY_ANSWERED;

  constructor(
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    private readonly publisher: SatisfactionPublisher,
  ) {}

  async apply(
    event: CloudEvent,
    target: Collection<SatisfactionDocument>,
    mode: ApplyMode,
  ): Promise<boolean> {
    const name = parseEventType(event.type)?.name ?? '';
    const customerId = event.customerid;
    if (!customerId || !feeds(event, name)) return false;
    const documentId = satisfactionDocumentId(customerId, event.source);
    const document = await target.findOne({ _id: documentId });
    if (alreadyApplied(document, event)) {
      // Recorded before a crash that may have kept its CSI from being published: publish it now
      // (a no-op when it was).
      if (mode.live && document?.scores?.some((score) => score.eventId === event.id))
        await this.publishCsi(customerId, event.id, target);
      return false;
    }

    if (name === complaintAssigned.name) {
      const data = complaintAssigned.schema.parse(event.data);
      return applyTo(target, documentId, event, {
        $set: { customerId, [`complaintDepartments.${data.complaintId}`]: data.department },
      });
    }
    const score = this.scoreOf(event, name, document);
    if (!score) return applyTo(target, documentId, event, { $set: { customerId } });

    // Kept in business-time order: the document is the same whatever order the topics interleaved in.
    const scores = [
      ...(document?.scores ?? []).filter((s) => s.eventId !== score.eventId),
      score,
    ].sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
    if (mode.live) {
      // The episodes over every score of the customer known now (the other topics' documents are
      // only read). Published before this document records the score: a crash in between
      // re-delivers the event, and the alert's idempotent append makes the second attempt a no-op.
      const others = await target.find({ customerId, _id: { $ne: documentId } }).toArray();
      const { episodes } = alertEpisodes(
        [...scores, ...others.flatMap((other) => other.scores ?? [])],
        this.rules.csi,
        this.rules.alerts,
      );
      const begun = episodes.find((episode) => episode.eventId === score.eventId);
      if (begun) await this.publisher.raiseAlert(customerId, begun, this.rules.alerts);
    }
    // Of a customer's stream only its surveys come here: the versions between them are not gaps.
    const apply = event.source === 'crm/customers' ? applySparse : applyTo;
    const applied = await apply(target, documentId, event, { $set: { customerId, scores } });
    // After the score is recorded, so the CSI counts it and any score another topic recorded.
    if (mode.live) await this.publishCsi(customerId, score.eventId, target);
    return applied;
  }

  private publishCsi(
    customerId: string,
    eventId: string,
    target: Collection<SatisfactionDocument>,
  ): Promise<void> {
    return this.publisher.csiChanged(customerId, eventId, async () =>
      (await target.find({ customerId }).toArray()).flatMap((document) => document.scores ?? []),
    );
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
      case surveyAnswered.name: {
        const data = surveyAnswered.schema.parse(event.data);
        return {
          eventId: event.id,
          source: 'survey',
          value: surveyScoreOf(data.questions),
          at: data.answeredAt,
          ...(data.nps !== undefined ? { nps: data.nps } : {}),
        };
      }
      default:
        return null;
    }
  }

  async ensureIndexes(target: Collection<SatisfactionDocument>): Promise<void> {
    // Serves the customer's scores from every topic (CSI of one customer, the alert check).
    await target.createIndex({ customerId: 1 });
  }
}
