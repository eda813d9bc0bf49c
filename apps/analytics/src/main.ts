import 'reflect-metadata';
import { runService } from '@crm/platform';
import { AnalyticsAppModule } from './analytics-app.module';
import { loadAnalyticsConfig } from './analytics.config';

void runService(() => {
  const config = loadAnalyticsConfig();
  return { module: AnalyticsAppModule.with(config), config, title: 'analytics' };
});
