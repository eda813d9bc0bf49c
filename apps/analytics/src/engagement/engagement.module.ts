import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { JobQueues } from '@crm/jobs';
import { fedProjectionProvider, projectionProvider } from '@crm/projections';
import {
  CLOCK,
  type Clock,
  APP_CONFIG,
  customerErasureConsumer,
  EventSourcingModule,
  type BaseConfig,
} from '@crm/platform';
import { ENGAGEMENT_JOB_QUEUES, EngagementJobs } from './application/engagement-jobs';
import {
  ENGAGEMENT_COMMITS,
  EngagementStreams,
  engagementHandlerProviders,
} from './application/engagement-streams';
import { FollowUpsHandler } from './application/follow-ups/follow-ups.handler';
import { ListFollowUpsQuery } from './application/follow-ups/list-follow-ups.query';
import { DeliverGreetingHandler } from './application/greetings/deliver-greeting.handler';
import { GREETING_CHANNELS } from './application/greetings/greeting-channel';
import { GreetingPlanner } from './application/greetings/greeting-planner';
import { ListGreetingsQuery } from './application/greetings/list-greetings.query';
import type { EngagementConfig } from './engagement.config';
import { EngagementDataCodec } from './infrastructure/engagement-data.codec';
import { EngagementDirectory } from './infrastructure/engagement-directory';
import { EngagementContactsProjection } from './infrastructure/engagement-contacts.projection';
import {
  EngagementComplaintsProjection,
  EngagementCustomerFactsProjection,
  EngagementCustomerOwnersProjection,
  EngagementCustomerTiersProjection,
} from './infrastructure/engagement-customers.projections';
import { GreetingClaims } from './infrastructure/greeting-claims';
import {
  EmailChannel,
  MissingChannel,
  TaskChannel,
  WebhookChannel,
} from './infrastructure/greeting-channels';
import { FollowUpListProjection } from './infrastructure/follow-up-list.projection';
import { GreetingContactsProjection } from './infrastructure/greeting-contacts.projection';
import { GreetingListProjection } from './infrastructure/greeting-list.projection';
import { EngagementInputsConsumer } from './interface/engagement-inputs.consumer';
import { EngagementWorker } from './interface/engagement.worker';
import { FollowUpsController } from './interface/follow-ups.controller';
import { GreetingsController } from './interface/greetings.controller';
import { OccasionsController } from './interface/occasions.controller';
import { QueueDashboard } from './interface/queue-dashboard';

type Config = EngagementConfig & BaseConfig;

/**
 * D9 follow-ups and greetings, hosted by the analytics service: its own event streams (own commits
 * collection, published to crm.engagement.events.v1), its BullMQ queues and the queue dashboard.
 */
@Module({
  imports: [
    // Greeting reasons and follow-up notes are sealed with a per-customer key (ADR 110).
    EventSourcingModule.forContext('engagement', {
      collection: ENGAGEMENT_COMMITS,
      codec: EngagementDataCodec,
    }),
  ],
  controllers: [FollowUpsController, GreetingsController, OccasionsController],
  providers: [
    {
      provide: ENGAGEMENT_JOB_QUEUES,
      useFactory: (config: Config, clock: Clock) =>
        new JobQueues({
          redisUrl: config.REDIS_URL,
          prefix: config.ENGAGEMENT_JOBS_PREFIX,
          keepCompleted: {
            ageSeconds: config.ENGAGEMENT_KEEP_COMPLETED / 1_000,
            count: config.ENGAGEMENT_KEEP_COMPLETED_COUNT,
          },
          keepFailed: { ageSeconds: config.ENGAGEMENT_KEEP_FAILED / 1_000 },
          now: () => clock.now(),
        }),
      inject: [APP_CONFIG, CLOCK],
    },
    {
      provide: GREETING_CHANNELS,
      useFactory: (config: Config) => [
        new TaskChannel(),
        new WebhookChannel({
          url: config.GREETING_WEBHOOK_URL,
          timeoutMs: config.GREETING_DELIVERY_TIMEOUT,
          instanceId: config.INSTANCE_ID,
        }),
        new EmailChannel({
          url: config.GREETING_SMTP_URL,
          from: config.GREETING_EMAIL_FROM,
          timeoutMs: config.GREETING_DELIVERY_TIMEOUT,
        }),
        ...(['sms', 'wechat'] as const).map((channel) => new MissingChannel(channel)),
      ],
      inject: [APP_CONFIG],
    },
    EngagementJobs,
    EngagementStreams,
    ...engagementHandlerProviders,
    // The directory: rebuildable read models of the one runner, fed by the engagement-inputs
    // consumer in its own order (what it reads before and after each event).
    EngagementContactsProjection,
    fedProjectionProvider(EngagementContactsProjection),
    EngagementCustomerOwnersProjection,
    fedProjectionProvider(EngagementCustomerOwnersProjection),
    EngagementCustomerFactsProjection,
    fedProjectionProvider(EngagementCustomerFactsProjection),
    EngagementCustomerTiersProjection,
    fedProjectionProvider(EngagementCustomerTiersProjection),
    EngagementComplaintsProjection,
    fedProjectionProvider(EngagementComplaintsProjection),
    EngagementDirectory,
    GreetingClaims,
    GreetingPlanner,
    DeliverGreetingHandler,
    FollowUpsHandler,
    ListFollowUpsQuery,
    // The follow-up list, the greetings list and its contacts' names: rebuildable read models of
    // the one runner.
    FollowUpListProjection,
    projectionProvider(FollowUpListProjection),
    GreetingListProjection,
    projectionProvider(GreetingListProjection),
    GreetingContactsProjection,
    projectionProvider(GreetingContactsProjection),
    ListGreetingsQuery,
    EngagementInputsConsumer,
    EngagementWorker,
    QueueDashboard,
    customerErasureConsumer(EngagementDataCodec),
  ],
})
export class EngagementModule implements OnModuleInit {
  constructor(@Inject(EngagementDirectory) private readonly directory: EngagementDirectory) {}

  async onModuleInit(): Promise<void> {
    await this.directory.ensureIndexes();
  }
}
