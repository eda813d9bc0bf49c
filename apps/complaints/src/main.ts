import 'reflect-metadata';
import { runService } from '@crm/platform';
import { ComplaintsAppModule } from './complaints-app.module';
import { loadComplaintsConfig } from './complaints.config';

void runService(() => {
  const config = loadComplaintsConfig();
  return { module: ComplaintsAppModule.with(config), config, title: 'complaints' };
});
