import { z } from 'zod';
import { loadConfig, serviceConfigSchema, serviceIdentity } from '@crm/platform';

export const analyticsConfigSchema = serviceConfigSchema({
  ...serviceIdentity('analytics', 3004),
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export const loadAnalyticsConfig = (env?: NodeJS.ProcessEnv): AnalyticsConfig =>
  loadConfig(analyticsConfigSchema, {}, env);
