import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JobQueues, TIMER_RETENTION } from '@crm/jobs';
import { CLOCK, type Clock, customerErasureConsumer, EventSourcingModule } from '@crm/platform';
import { projectionProvider } from '@crm/projections';
import {
  customerTierSchema,
  visitCustomerSchema,
} from './customer-directory/infrastructure/customer-directory.schema';
import {
  CustomerDirectoryProjection,
  CustomerTiersProjection,
} from './customer-directory/infrastructure/customer-directory.projection';
import { AdvanceFromVisitHandler } from './opportunity/application/advance-from-visit/advance-from-visit.handler';
import { GetOpportunityQuery } from './opportunity/application/get-opportunity/get-opportunity.query';
import { ListOpportunitiesQuery } from './opportunity/application/list-opportunities/list-opportunities.query';
import { MoveOpportunityHandler } from './opportunity/application/move-opportunity/move-opportunity.handler';
import { OpenOpportunityHandler } from './opportunity/application/open-opportunity/open-opportunity.handler';
import { opportunityHandlerProvider } from './opportunity/application/opportunity.commands';
import { opportunityViewSchema } from './opportunity/infrastructure/opportunity-view.schema';
import { OpportunityViewProjection } from './opportunity/infrastructure/opportunity-view.projection';
import { OpportunitiesController } from './opportunity/interface/opportunities.controller';
import { ChangeVisitHandler } from './visit/application/change-visit/change-visit.handler';
import { ForgetCustomerHandler } from './visit/application/forget-customer/forget-customer.handler';
import { GetVisitQuery } from './visit/application/get-visit/get-visit.query';
import { ListVisitsQuery } from './visit/application/list-visits/list-visits.query';
import { MarkVisitMissedHandler } from './visit/application/mark-visit-missed/mark-visit-missed.handler';
import { PlanVisitHandler } from './visit/application/plan-visit/plan-visit.handler';
import { VisitDataCodec } from './visit/infrastructure/visit-data.codec';
import { visitHandlerProvider } from './visit/application/visit.commands';
import { visitViewSchema } from './visit/infrastructure/visit-view.schema';
import { VisitViewProjection } from './visit/infrastructure/visit-view.projection';
import { VisitJobsWorker } from './visit/interface/visit-jobs.worker';
import { VisitsController } from './visit/interface/visits.controller';
import {
  GenerateVisitPlanHandler,
  visitPlanHandlerProvider,
} from './visit-plan/application/generate-visit-plan/generate-visit-plan.handler';
import { GetVisitPlanQuery } from './visit-plan/application/get-visit-plan/get-visit-plan.query';
import { VisitPlansController } from './visit-plan/interface/visit-plans.controller';
import {
  funnelPolicyOf,
  missedVisitPolicyOf,
  visitPlanPolicyOf,
  type VisitsConfig,
} from './visits.config';
import {
  DEFAULT_CURRENCY,
  DEFAULT_TIME_ZONE,
  FUNNEL_POLICY,
  JOB_QUEUES,
  MISSED_VISIT_POLICY,
  VISIT_PLAN_LIMITS,
  VISIT_PLAN_POLICY,
} from './visits.tokens';

/** Closes the job queues' Redis connection at shutdown. */
class JobQueuesCloser implements OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUES) private readonly queues: JobQueues) {}

  onApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }
}

/** Visits (D4), monthly visit plans and opportunities (D10). */
@Module({})
export class VisitsModule {
  static with(config: VisitsConfig): DynamicModule {
    return {
      module: VisitsModule,
      imports: [
        // Free text about the customer is sealed with a per-customer key, shredded on erasure.
        EventSourcingModule.forContext('visits', { codec: VisitDataCodec }),
        MongooseModule.forFeature([
          { name: 'VisitCustomer', schema: visitCustomerSchema },
          { name: 'CustomerTier', schema: customerTierSchema },
          { name: 'VisitView', schema: visitViewSchema },
          { name: 'OpportunityView', schema: opportunityViewSchema },
        ]),
      ],
      controllers: [VisitsController, OpportunitiesController, VisitPlansController],
      providers: [
        { provide: FUNNEL_POLICY, useValue: funnelPolicyOf(config) },
        { provide: VISIT_PLAN_POLICY, useValue: visitPlanPolicyOf(config) },
        { provide: MISSED_VISIT_POLICY, useValue: missedVisitPolicyOf(config) },
        { provide: DEFAULT_TIME_ZONE, useValue: config.VISITS_DEFAULT_TIME_ZONE },
        { provide: DEFAULT_CURRENCY, useValue: config.OPPORTUNITY_DEFAULT_CURRENCY },
        { provide: VISIT_PLAN_LIMITS, useValue: { maxCustomers: config.VISIT_PLAN_MAX_CUSTOMERS } },
        {
          provide: JOB_QUEUES,
          useFactory: (clock: Clock) =>
            new JobQueues({
              redisUrl: config.REDIS_URL,
              prefix: config.JOBS_PREFIX,
              ...TIMER_RETENTION,
              now: () => clock.now(),
            }),
          inject: [CLOCK],
        },
        JobQueuesCloser,
        // Every read model is a projection of the one runner: a single writer each, rebuilt
        // through POST /visits/admin/projections/rebuild (ADR 143).
        CustomerDirectoryProjection,
        projectionProvider(CustomerDirectoryProjection),
        CustomerTiersProjection,
        projectionProvider(CustomerTiersProjection),
        visitHandlerProvider,
        PlanVisitHandler,
        ChangeVisitHandler,
        MarkVisitMissedHandler,
        GetVisitQuery,
        ListVisitsQuery,
        VisitViewProjection,
        projectionProvider(VisitViewProjection),
        ForgetCustomerHandler,
        customerErasureConsumer(ForgetCustomerHandler),
        VisitJobsWorker,
        opportunityHandlerProvider,
        OpenOpportunityHandler,
        MoveOpportunityHandler,
        AdvanceFromVisitHandler,
        GetOpportunityQuery,
        ListOpportunitiesQuery,
        OpportunityViewProjection,
        projectionProvider(OpportunityViewProjection),
        GetVisitPlanQuery,
        visitPlanHandlerProvider,
        GenerateVisitPlanHandler,
      ],
      exports: [MarkVisitMissedHandler],
    };
  }
}
