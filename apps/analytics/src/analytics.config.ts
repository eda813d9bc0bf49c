import { z } from 'zod';
import { loadConfig, serviceConfigSchema } from '@crm/platform';

export const analyticsConfigSchema = serviceConfigSchema({
  SERVICE_NAME: z.string().min(1).default('analytics'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('crm_analytics'),
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export const loadAnalyticsConfig = (env?: NodeJS.ProcessEnv): AnalyticsConfig =>
  loadConfig(analyticsConfigSchema, {}, env);
