import type { Collection } from 'mongodb';
import {
  customerLifecycleChanged,
  customerSatisfactionChanged,
  customerTierChanged,
  type CloudEvent,
} from '@crm/contracts';
import { applyOnce } from '@crm/event-store';
import type { CustomerCardDocument } from './customer-card.schema';

export interface CardFigures {
  readonly tier: string | null;
  readonly lifecycle: string | null;
  /** D6, 0–100 as of the customer's latest satisfaction score. */
  readonly csi: number | null;
}

/** The consumer hands every event over as its current version (older ones upcast). */
function figureOf(
  name: string,
  data: unknown,
): { customerId: string; set: Partial<CardFigures> } | undefined {
  if (name === customerTierChanged.name) {
    const { customerId, tier } = customerTierChanged.schema.parse(data);
    return { customerId, set: { tier } };
  }
  if (name === customerLifecycleChanged.name) {
    const { customerId, stage } = customerLifecycleChanged.schema.parse(data);
    return { customerId, set: { lifecycle: stage } };
  }
  if (name === customerSatisfactionChanged.name) {
    const { customerId, csi } = customerSatisfactionChanged.schema.parse(data);
    return { customerId, set: { csi } };
  }
  return undefined;
}

/**
 * A figure analytics computed (D3 tier, D5 stage, D6 CSI) lands on the card of the customer it
 * names. Analytics keeps each figure in its own stream per customer (`tier-<id>`,
 * `lifecycle-<id>`, `csi-<id>`), so the stream's sequence makes a redelivery a no-op and keeps
 * a late older figure from overwriting a newer one. Matched by name: every version of these
 * events carries the field.
 */
export async function applyFigure(
  cards: Collection<CustomerCardDocument>,
  event: CloudEvent,
  name: string,
): Promise<void> {
  const figure = figureOf(name, event.data);
  if (figure === undefined) return;
  await applyOnce(
    cards,
    figure.customerId,
    { stream: event.subject, sequence: event.sequence },
    { $set: figure.set },
  );
}
