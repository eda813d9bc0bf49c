import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/**
 * A fact another system numbers (an ERP order, a survey tool's answer) and may send again. Its id
 * and its de-duplication guard follow from the customer, the source and that number, so a replay
 * is the same fact. The key is the customer's own: a reference recorded for one customer neither
 * blocks (squats) nor reveals (409 as an oracle) the same reference of another customer.
 */
export function externalReferenceKeys(kind: string, namespace: string) {
  const keyOf = (customerId: string, source: string, reference: string) =>
    `${customerId}\n${source}\n${reference}`;
  return {
    idOf: (customerId: string, source: string, reference: string): string =>
      uuidv5(keyOf(customerId, source, reference), namespace),
    /**
     * Within a customer the decider ignores a key it has seen; for concurrent posts of the same
     * fact, the event store's unique idempotency index admits one commit per key — an insert, the
     * only atomic guard FerretDB offers.
     */
    guardOf: (customerId: string, source: string, reference: string): string =>
      `${kind}:${createHash('sha256')
        .update(keyOf(customerId, source, reference))
        .digest('hex')}`,
  };
}
