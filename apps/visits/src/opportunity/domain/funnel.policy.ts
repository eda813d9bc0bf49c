import { OPPORTUNITY_STAGES, type OpportunityStage, type SalesProgressItem } from '@crm/contracts';

/** D10: the win rate of each open stage, and which stage a visit's progress item reaches (D4). */
export interface FunnelPolicy {
  readonly winRates: Readonly<Record<OpportunityStage, number>>;
  readonly progressStages: Readonly<Partial<Record<SalesProgressItem, OpportunityStage>>>;
}

export const stageIndex = (stage: OpportunityStage): number => OPPORTUNITY_STAGES.indexOf(stage);

/** The furthest stage a set of progress items reaches, with the item that reaches it. */
export function furthestStageOf(
  progress: readonly SalesProgressItem[],
  policy: FunnelPolicy,
): { stage: OpportunityStage; item: SalesProgressItem } | undefined {
  let best: { stage: OpportunityStage; item: SalesProgressItem } | undefined;
  for (const item of progress) {
    const stage = policy.progressStages[item];
    if (stage && (!best || stageIndex(stage) > stageIndex(best.stage))) best = { stage, item };
  }
  return best;
}
