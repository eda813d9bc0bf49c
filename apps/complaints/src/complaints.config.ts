import { z } from 'zod';
import { loadConfig, serviceConfigSchema } from '@crm/platform';

export const complaintsConfigSchema = serviceConfigSchema({
  SERVICE_NAME: z.string().min(1).default('complaints'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('crm_complaints'),
});

export type ComplaintsConfig = z.infer<typeof complaintsConfigSchema>;

export const loadComplaintsConfig = (env?: NodeJS.ProcessEnv): ComplaintsConfig =>
  loadConfig(complaintsConfigSchema, {}, env);
