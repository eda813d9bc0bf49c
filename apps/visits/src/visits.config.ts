import { z } from 'zod';
import { loadConfig, serviceConfigSchema } from '@crm/platform';

export const visitsConfigSchema = serviceConfigSchema({
  SERVICE_NAME: z.string().min(1).default('visits'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('crm_visits'),
});

export type VisitsConfig = z.infer<typeof visitsConfigSchema>;

export const loadVisitsConfig = (env?: NodeJS.ProcessEnv): VisitsConfig =>
  loadConfig(visitsConfigSchema, {}, env);
