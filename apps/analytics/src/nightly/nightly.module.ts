import { Module } from '@nestjs/common';
import { LifecycleModule } from '@apps/analytics/src/lifecycle/lifecycle.module';
import { TiersModule } from '@apps/analytics/src/tiers/tiers.module';
import { NightlyWorker } from './interface/nightly.worker';

/** Runs the D3 recomputation and the D5 evaluation on their schedules. */
@Module({
  imports: [TiersModule, LifecycleModule],
  providers: [NightlyWorker],
})
export class NightlyModule {}
