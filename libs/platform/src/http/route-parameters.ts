import { Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodPipe } from './zod-body.pipe';

/** The body, validated: every bad field is named in one 400. */
export const ZodBody = (schema: z.ZodType): ParameterDecorator => Body(new ZodPipe(schema));

/** The query string, validated: every bad parameter is named in one 400. */
export const ZodQuery = (schema: z.ZodType): ParameterDecorator =>
  Query(new ZodPipe(schema, 'query'));

/** One path parameter, validated: a 400 names it. */
export const ZodParam = (name: string, schema: z.ZodType): ParameterDecorator =>
  Param(name, new ZodPipe(schema));

/** OpenAPI body of a route: the schema as a client sends it (defaults may be left out). */
export const ApiBodyOf = (
  schema: z.ZodType,
  options: { required?: boolean } = {},
): MethodDecorator =>
  ApiBody({ ...options, schema: z.toJSONSchema(schema, { io: 'input' }) as object });

const DATE_TIME = { type: 'string', format: 'date-time' };
const SUCCESS = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' } as const;

/**
 * OpenAPI answer of a route: the schema of what it sends (as the client reads it), under the
 * success code it answers with (201 creates, 202 accepts work for later, 204 sends no body:
 * `null`). A route with two success codes gets the decorator twice.
 */
export const ApiAnswerOf = (
  schema: z.ZodType | null,
  options: { status?: keyof typeof SUCCESS; description?: string; mediaType?: string } = {},
): MethodDecorator => {
  const status = options.status ?? 200;
  const description = options.description ?? SUCCESS[status];
  if (schema === null) return ApiResponse({ status, description });
  const answer = z.toJSONSchema(schema, {
    io: 'output',
    // A Date in an answer is sent as JSON.stringify writes it.
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'date') Object.assign(jsonSchema, DATE_TIME);
    },
  }) as object;
  return ApiResponse({
    status,
    description,
    content: { [options.mediaType ?? 'application/json']: { schema: answer } },
  });
};
