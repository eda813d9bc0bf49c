import { z } from 'zod';
import { loadConfig, serviceConfigSchema, serviceIdentity } from '@crm/platform';
import { engagementConfigShape } from './engagement/engagement.config';

export const analyticsConfigSchema = serviceConfigSchema({
  ...serviceIdentity('analytics', 3004),
  ...engagementConfigShape,
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export const loadAnalyticsConfig = (env?: NodeJS.ProcessEnv): AnalyticsConfig =>
  loadConfig(analyticsConfigSchema, {}, env);
