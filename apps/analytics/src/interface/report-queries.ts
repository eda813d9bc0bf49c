import { applyDecorators, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, type ApiOperationOptions, type ApiQueryOptions } from '@nestjs/swagger';
import { z } from 'zod';
import type { Role } from '@crm/contracts';
import { ApiAnswerOf, ApiBodyOf, ApiQueries, Roles } from '@crm/platform';

/**
 * Who reads the company's figures (tiers, lifecycle stages, the funnel, visit compliance,
 * satisfaction), each within their scope: an admin, an analyst, a supervisor, a sales manager.
 */
export const FIGURE_READERS = ['admin', 'analyst', 'supervisor', 'sales_manager'] as const;

/** A calendar month in a report's query. */
export const calendarMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

/**
 * GET a report over the customers in the caller's scope: its query parameters and its answer. The
 * company's figures are the FIGURE_READERS'; a report read by others names its readers.
 */
export const ReportRoute = (route: {
  readonly path?: string;
  readonly roles?: readonly Role[];
  readonly queries: readonly ApiQueryOptions[];
  readonly answer: z.ZodType;
}): MethodDecorator =>
  applyDecorators(
    Get(route.path),
    ApiQueries(route.queries),
    Roles(...(route.roles ?? FIGURE_READERS)),
    ApiAnswerOf(route.answer),
  );

/** The body of a recomputation: none to recompute now, or the past instant to read it as of. */
export const recomputeRequest = z.object({ asOf: z.iso.datetime().optional() }).strict();

/**
 * POST `path` recomputes a figure for every customer now (admins and analysts), or, with `asOf`,
 * reads it as it was then: 200 with the `answer`, documented by `operation`.
 */
export const RecomputeRoute = (
  path: string,
  route: { readonly operation: ApiOperationOptions; readonly answer: z.ZodType },
): MethodDecorator =>
  applyDecorators(
    Post(path),
    HttpCode(200),
    Roles('admin', 'analyst'),
    ApiOperation(route.operation),
    ApiBodyOf(recomputeRequest, { required: false }),
    ApiAnswerOf(route.answer),
  );
