import { applyDecorators, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags, type ApiQueryOptions } from '@nestjs/swagger';
import type { z } from 'zod';
import type { Role } from '@crm/contracts';
import { Roles } from '../auth/auth.decorators';
import { AnswersCreated, AnswersWithEtag } from './etag.interceptor';
import { ApiPageQuery } from './pagination';
import { ApiAnswerOf, ApiBodyOf } from './route-parameters';

/** A controller of the API: routes under `path`, documented under `tag`, with a bearer token. */
export const ApiController = (tag: string, path: string = tag): ClassDecorator =>
  applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path)) as ClassDecorator;

/**
 * OpenAPI query parameters of a route. Applied last first, as stacked `@ApiQuery` decorators are,
 * so the document lists them as it always has.
 */
export const ApiQueries = (queries: readonly ApiQueryOptions[]): MethodDecorator =>
  applyDecorators(...queries.toReversed().map((query) => ApiQuery(query)));

/** Who may call a route; left out where the controller names its roles once for all routes. */
interface Callers {
  readonly roles?: readonly Role[];
}

const rolesOf = ({ roles }: Callers): MethodDecorator[] => (roles ? [Roles(...roles)] : []);

/**
 * POST on the collection creates a stream: 201 with the new stream's version as ETag and the
 * Location of what was created.
 */
export const CreateRoute = <Answer>(
  route: Callers & {
    readonly body: z.ZodType;
    readonly answer: z.ZodType;
    readonly location: (answer: Answer) => string;
  },
): MethodDecorator =>
  applyDecorators(
    Post(),
    HttpCode(201),
    ...rolesOf(route),
    ApiBodyOf(route.body),
    ApiAnswerOf(route.answer, { status: 201 }),
    AnswersCreated(route.location),
  );

/**
 * `path` changes one stream (POST unless `method` says otherwise): 200, or 201 where the change
 * adds something to it, with the version the stream is at after, also its ETag.
 */
export const ChangeRoute = (
  path: string,
  route: Callers & {
    readonly method?: (path: string) => MethodDecorator;
    readonly status?: 200 | 201;
    readonly body?: z.ZodType;
    readonly answer: z.ZodType;
  },
): MethodDecorator => {
  const { method = Post, status = 200 } = route;
  return applyDecorators(
    method(path),
    HttpCode(status),
    ...rolesOf(route),
    ApiAnswerOf(route.answer, { status }),
    ...(route.body ? [ApiBodyOf(route.body)] : []),
    AnswersWithEtag(),
  );
};

/** GET `path` reads one stream's view, with the version it is at as ETag (for a later If-Match). */
export const ReadRoute = (
  path: string,
  route: Callers & { readonly answer: z.ZodType },
): MethodDecorator =>
  applyDecorators(Get(path), ...rolesOf(route), ApiAnswerOf(route.answer), AnswersWithEtag());

/**
 * GET lists a page (of the collection, or of `path` below it): the route's filters (optional unless
 * one says `required`) and `cursor`/`limit` as query parameters; its answer is a page of items
 * (with what the list adds).
 */
export const ListRoute = (
  route: Callers & {
    readonly path?: string;
    readonly filters?: readonly ApiQueryOptions[];
    readonly answer: z.ZodType;
  },
): MethodDecorator =>
  applyDecorators(
    Get(route.path),
    ...rolesOf(route),
    ApiAnswerOf(route.answer),
    ApiPageQuery(),
    ApiQueries((route.filters ?? []).map((filter) => ({ required: false, ...filter }))),
  );
