import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, EventSourcingModule } from '@crm/platform';
import { analyticsRulesOf } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_CLOCK, ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { CustomerScope } from './application/customer-scope';
import { ProjectionRunner } from './application/projection-runner';
import { ProjectionSlots } from './infrastructure/projection-slots';
import { ProjectionsController } from './interface/projections.controller';

/**
 * The disposable read models of analytics (live application, slots, rebuild-and-swap), the analytics
 * event store with its outbox, and the rules: shared by every analytics module.
 */
@Global()
@Module({
  imports: [EventSourcingModule.forContext('analytics')],
  controllers: [ProjectionsController],
  providers: [
    ProjectionSlots,
    ProjectionRunner,
    CustomerScope,
    { provide: ANALYTICS_RULES, useFactory: analyticsRulesOf, inject: [APP_CONFIG] },
    { provide: ANALYTICS_CLOCK, useValue: () => new Date() },
  ],
  exports: [
    ProjectionSlots,
    ProjectionRunner,
    CustomerScope,
    EventSourcingModule,
    ANALYTICS_RULES,
    ANALYTICS_CLOCK,
  ],
})
export class ProjectionsModule {}
