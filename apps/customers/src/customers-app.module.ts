import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@crm/platform';
import { projectionErrorMapping, ProjectionsModule } from '@crm/projections';
import { CustomerModule } from './customer/customer.module';
import { customerErrorMapping } from './customer/interface/customer.error-mapping';
import type { CustomersConfig } from './customers.config';

@Module({})
export class CustomersAppModule {
  static with(config: CustomersConfig): DynamicModule {
    return {
      module: CustomersAppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          errorMappings: [customerErrorMapping, projectionErrorMapping],
        }),
        ProjectionsModule.forService('customers'),
        CustomerModule,
      ],
    };
  }
}
