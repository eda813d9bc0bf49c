import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

/** The roles that read customers (each within its access scope). */
export const EVERY_READER = [
  'admin',
  'sales_manager',
  'sales_rep',
  'analyst',
  'service_agent',
  'supervisor',
] as const;
export const SALES = ['admin', 'sales_manager', 'sales_rep'] as const;
/** Completeness is about the sales team's work: its managers, its reps (their own), analysts. */
export const COMPLETENESS_READERS = ['admin', 'sales_manager', 'sales_rep', 'analyst'] as const;

/**
 * A controller of /customers routes, documented under the customers tag with a bearer token. The
 * routes were served by one CustomersController; their OpenAPI operation ids stay
 * `CustomersController_<method>` whichever controller now serves them, as clients generated from
 * the document (the console's among them) name operations by these ids.
 */
export function CustomersRoutes(): ClassDecorator {
  const operationIds: ClassDecorator = (controller) => {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, method);
      if (method === 'constructor' || typeof descriptor?.value !== 'function') continue;
      // summary undefined: ApiOperation would otherwise add an empty one to every operation.
      ApiOperation({ operationId: `CustomersController_${method}`, summary: undefined })(
        controller.prototype,
        method,
        descriptor,
      );
    }
  };
  return applyDecorators(
    operationIds,
    ApiTags('customers'),
    ApiBearerAuth(),
    Controller('customers'),
  ) as ClassDecorator;
}
