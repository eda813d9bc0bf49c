import 'reflect-metadata';
import { runService } from '@crm/platform';
import { CustomersAppModule } from './customers-app.module';
import { loadCustomersConfig } from './customers.config';

void runService(() => {
  const config = loadCustomersConfig();
  return { module: CustomersAppModule.with(config), config, title: 'customers' };
});
