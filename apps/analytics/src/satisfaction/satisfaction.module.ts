import { Module } from '@nestjs/common';
import { satisfactionHandlerProviders } from './application/satisfaction-commands';
import { SatisfactionReport } from './application/satisfaction-report';
import { SatisfactionPublisher } from './infrastructure/satisfaction-publisher';
import { SatisfactionProjection } from './infrastructure/satisfaction.projection';
import { SatisfactionController } from './interface/satisfaction.controller';
import { projectionProvider } from '@crm/projections';

/** D6: CSI per customer from visit, complaint and follow-up scores; early warning; aggregation. */
@Module({
  controllers: [SatisfactionController],
  providers: [
    SatisfactionPublisher,
    SatisfactionProjection,
    projectionProvider(SatisfactionProjection),
    SatisfactionReport,
    ...satisfactionHandlerProviders,
  ],
  exports: [SatisfactionReport],
})
export class SatisfactionModule {}
