import { Module } from '@nestjs/common';
import { EvaluateLifecycle } from './application/evaluate-lifecycle';
import { LifecycleController } from './interface/lifecycle.controller';

/** D5: lifecycle stages from each customer's purchase rhythm, daily and on demand. */
@Module({
  controllers: [LifecycleController],
  providers: [EvaluateLifecycle],
  exports: [EvaluateLifecycle],
})
export class LifecycleModule {}
