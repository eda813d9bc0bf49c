export * from './config/config.schema';
export * from './config/load-config';
export * from './config/config.tokens';
export * from './config/settings';
export * from './config/public-holidays.setting';
export * from './time/clock';
export * from './http/problem';
export * from './http/error-mapping';
export * from './http/zod-body.pipe';
export * from './http/request-context';
export * from './http/route-parameters';
export * from './http/etag.interceptor';
export * from './http/route-shapes';
export * from './auth/principal';
export * from './auth/auth.decorators';
export * from './auth/token-verifier';
export * from './organization/organization.schema';
export * from './organization/organization-directory';
export * from './access/access-scope';
export * from './infrastructure.tokens';
export * from './events/event-sourcing.module';
export * from './events/event-consumer.factory';
export * from './events/stream-gaps';
export * from './events/customer-erasure.consumer';
export * from './events/command-handler.provider';
export * from './platform.module';
export * from './bootstrap';
export * from './http/pagination';
export * from './lifecycle/shutdown';
export * from './observability/tracing';
// For apps that are not event-sourced services (the console) but share the HTTP edge.
export { ProblemFilter } from './http/problem.filter';
export { loggerOptions } from './observability/logger.options';
export {
  HttpMetricsMiddleware,
  MetricsController,
  startDefaultMetrics,
} from './observability/metrics';
export * from './personal-data/data-key-ring';
export * from './personal-data/service-data-codec';
export { DataKeysController, DATA_KEY_AUDIT } from './personal-data/data-keys.controller';
export * from './personal-data/personal-data-export';
export {
  auditPersonalDataRead,
  customerIdOfExport,
  PERSONAL_DATA_READS,
} from './personal-data/personal-data.controller';
export * from './infrastructure-errors';
export * from './read-models/database-engine';
export * from './read-models/documents-by-id';
