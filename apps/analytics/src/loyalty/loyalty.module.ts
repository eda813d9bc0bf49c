import { Module } from '@nestjs/common';
import { LoyaltyReport } from './application/loyalty-report';
import { LoyaltyController } from './interface/loyalty.controller';

/** D6 loyalty: repeat-purchase rate, tenure and retention from the customer facts (ADR 142). */
@Module({
  controllers: [LoyaltyController],
  providers: [LoyaltyReport],
})
export class LoyaltyModule {}
