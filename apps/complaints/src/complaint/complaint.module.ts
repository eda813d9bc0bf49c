import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JobQueues, TIMER_RETENTION } from '@crm/jobs';
import {
  CLOCK,
  type Clock,
  APP_CONFIG,
  customerErasureConsumer,
  EventSourcingModule,
} from '@crm/platform';
import { projectionProvider } from '@crm/projections';
import { complaintPolicyOf, type ComplaintsConfig } from '@apps/complaints/src/complaints.config';
import { CustomerDirectoryModule } from '@apps/complaints/src/customer-directory/customer-directory.module';
import { COMPLAINT_POLICY } from './application/complaint-policy.token';
import { ComplaintRepository, complaintHandlerProvider } from './application/complaint.repository';
import { GetComplaintQuery } from './application/get-complaint/get-complaint.query';
import { ListComplaintsQuery } from './application/list-complaints/list-complaints.query';
import { RecordComplaintHandler } from './application/record-complaint/record-complaint.handler';
import { RecordSlaBreachHandler } from './application/sla/record-sla-breach.handler';
import { COMPLAINT_JOB_QUEUES, SlaTimers } from './application/sla/sla-timers';
import { TakeStepHandler } from './application/take-step/take-step.handler';
import { complaintListSchema } from './infrastructure/complaint-list.schema';
import { ComplaintDataCodec } from './infrastructure/complaint-data.codec';
import { ComplaintListProjection } from './infrastructure/complaint-list.projection';
import { ComplaintSlaWorker } from './interface/complaint-sla.worker';
import { ComplaintsController } from './interface/complaints.controller';

@Module({
  imports: [
    // The customer's words, contact and the staff's free text are sealed with a per-customer key.
    EventSourcingModule.forContext('complaints', { codec: ComplaintDataCodec }),
    MongooseModule.forFeature([{ name: 'ComplaintList', schema: complaintListSchema }]),
    // D7: complaints are recorded only for customers known here (ADR 141).
    CustomerDirectoryModule,
  ],
  controllers: [ComplaintsController],
  providers: [
    { provide: COMPLAINT_POLICY, useFactory: complaintPolicyOf, inject: [APP_CONFIG] },
    {
      provide: COMPLAINT_JOB_QUEUES,
      useFactory: (config: ComplaintsConfig, clock: Clock) =>
        new JobQueues({
          redisUrl: config.REDIS_URL,
          prefix: config.JOBS_PREFIX,
          ...TIMER_RETENTION,
          now: () => clock.now(),
        }),
      inject: [APP_CONFIG, CLOCK],
    },
    ComplaintRepository,
    complaintHandlerProvider,
    SlaTimers,
    RecordComplaintHandler,
    TakeStepHandler,
    RecordSlaBreachHandler,
    GetComplaintQuery,
    ListComplaintsQuery,
    ComplaintListProjection,
    // The list's single writer (and the SLA timers' catch-up path): the projection runner's
    // consumer; rebuilt through POST /complaints/admin/projections/rebuild (ADR 143).
    projectionProvider(ComplaintListProjection),
    ComplaintSlaWorker,
    // CustomerErased from the customers service deletes the customer's complaint data key.
    customerErasureConsumer(ComplaintDataCodec),
  ],
})
export class ComplaintModule {}
