import { Module } from '@nestjs/common';
import { PURCHASE_LISTENER } from '@apps/analytics/src/tiers/infrastructure/customer-facts.projection';
import { EvaluateLifecycle } from './application/evaluate-lifecycle';
import { lifecycleHandlerProvider } from './application/lifecycle-commands';
import { LifecycleController } from './interface/lifecycle.controller';

/**
 * D5: lifecycle stages from each customer's purchase rhythm, daily and on demand, and at once for
 * a customer who buys (the customer-facts projection tells it of each purchase it applied).
 */
@Module({
  controllers: [LifecycleController],
  providers: [
    EvaluateLifecycle,
    lifecycleHandlerProvider,
    { provide: PURCHASE_LISTENER, useExisting: EvaluateLifecycle },
  ],
  exports: [EvaluateLifecycle, PURCHASE_LISTENER],
})
export class LifecycleModule {}
