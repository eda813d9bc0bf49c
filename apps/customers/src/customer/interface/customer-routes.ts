import {
  applyDecorators,
  Post,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { z } from 'zod';
import type { Role } from '@crm/contracts';
import { AnswersWithEtag, ApiAnswerOf, ApiBodyOf, ApiController, Roles } from '@crm/platform';

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
  return applyDecorators(operationIds, ApiController('customers')) as ClassDecorator;
}

/** An answer about something that is recorded once, however often it is sent. */
interface RecordedOnce {
  readonly recorded: boolean;
}

/** 201 for what was recorded now; 200 for what had been recorded before. */
class RecordedOnceStatus implements NestInterceptor<RecordedOnce, RecordedOnce> {
  intercept(context: ExecutionContext, next: CallHandler<RecordedOnce>): Observable<RecordedOnce> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((answer) => {
        response.status(answer.recorded ? 201 : 200);
        return answer;
      }),
    );
  }
}

/**
 * POST `path` records something the customer did that may be sent again (a purchase, a survey):
 * 201 when it is recorded now, 200 with the `replay` description when it had been recorded before
 * and nothing was counted again; both with the stream's version as ETag.
 */
export const RecordOnceRoute = (
  path: string,
  route: {
    readonly roles: readonly Role[];
    readonly body: z.ZodType;
    readonly answer: z.ZodType;
    readonly replay: string;
  },
): MethodDecorator =>
  applyDecorators(
    Post(path),
    Roles(...route.roles),
    ApiBodyOf(route.body),
    ApiAnswerOf(route.answer, { status: 201 }),
    ApiAnswerOf(route.answer, { description: route.replay }),
    UseInterceptors(new RecordedOnceStatus()),
    AnswersWithEtag(),
  );
