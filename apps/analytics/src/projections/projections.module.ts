import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, EventSourcingModule } from '@crm/platform';
import { ProjectionsModule as ProjectionRunnerModule } from '@crm/projections';
import { analyticsRulesOf } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { CustomerScope } from './application/customer-scope';

/**
 * The disposable read models of analytics (the one projection runner of libs/projections, with
 * its rebuild route), the analytics event store with its outbox, and the rules: shared by every
 * analytics module.
 */
@Global()
@Module({
  imports: [
    EventSourcingModule.forContext('analytics'),
    ProjectionRunnerModule.forService('analytics'),
  ],
  providers: [
    CustomerScope,
    { provide: ANALYTICS_RULES, useFactory: analyticsRulesOf, inject: [APP_CONFIG] },
  ],
  exports: [CustomerScope, EventSourcingModule, ANALYTICS_RULES],
})
export class ProjectionsModule {}
