import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  opportunityLost,
  opportunityOpened,
  opportunityStageChanged,
  opportunityWon,
  parseEventType,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import { OPPORTUNITY_VIEWS, type OpportunityViewDocument } from './opportunity-view.schema';

export interface OpportunityFilter {
  readonly customerId?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly region?: string | undefined;
  readonly status?: string | undefined;
  readonly stage?: string | undefined;
}

@Injectable()
export class OpportunityViewProjection {
  private readonly views;

  constructor(@InjectConnection() connection: Connection) {
    this.views = connection.collection<OpportunityViewDocument>(OPPORTUNITY_VIEWS);
  }

  async apply(event: CloudEvent): Promise<boolean> {
    const position = { stream: event.subject, sequence: event.sequence };
    const updatedAt = new Date(event.time);
    switch (parseEventType(event.type)?.name) {
      case opportunityOpened.name: {
        const {
          opportunityId: _,
          openedAt: __,
          ...data
        } = opportunityOpened.schema.parse(event.data);
        await applyOnce(this.views, event.subject, position, {
          $set: { ...data, status: 'open', updatedAt },
        });
        return true;
      }
      case opportunityStageChanged.name: {
        const data = opportunityStageChanged.schema.parse(event.data);
        await applyOnce(this.views, event.subject, position, {
          $set: { stage: data.toStage, winRate: data.winRate, updatedAt },
        });
        return true;
      }
      case opportunityWon.name:
        await applyOnce(this.views, event.subject, position, {
          $set: { status: 'won', winRate: 100, updatedAt },
        });
        return true;
      case opportunityLost.name:
        await applyOnce(this.views, event.subject, position, {
          $set: { status: 'lost', winRate: 0, updatedAt },
        });
        return true;
      default:
        return false;
    }
  }

  async page(
    filter: OpportunityFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<OpportunityViewDocument[]> {
    const query = Object.fromEntries(
      Object.entries(filter).filter(([, value]) => value !== undefined),
    );
    return this.views
      .find({ ...query, ...(cursor ? { _id: { $gt: cursor } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }
}
