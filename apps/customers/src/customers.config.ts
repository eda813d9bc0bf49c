import { z } from 'zod';
import { loadConfig, serviceConfigSchema } from '@crm/platform';

export const customersConfigSchema = serviceConfigSchema({
  SERVICE_NAME: z.string().min(1).default('customers'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('crm_customers'),
});

export type CustomersConfig = z.infer<typeof customersConfigSchema>;

export const loadCustomersConfig = (env?: NodeJS.ProcessEnv): CustomersConfig =>
  loadConfig(customersConfigSchema, {}, env);
