import 'reflect-metadata';
import { runService } from '@crm/platform';
import { VisitsAppModule } from './visits-app.module';
import { loadVisitsConfig } from './visits.config';

void runService(() => {
  const config = loadVisitsConfig();
  return { module: VisitsAppModule.with(config), config, title: 'visits' };
});
