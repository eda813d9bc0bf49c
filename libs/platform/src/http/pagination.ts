import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/** `cursor` and `limit` of every list (docs/contracts.md: default 50, max 500). */
export const pageQuery = {
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this API')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
};

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** The answer of a list: a page of `item`s (its OpenAPI schema; `Page<z.infer<item>>` in code). */
export const pageOf = <TItem extends z.ZodType>(item: TItem) =>
  z.object({
    items: z.array(item).readonly(),
    nextCursor: z
      .string()
      .nullable()
      .describe('pass as `cursor` for the next page; null on the last'),
  });

export const encodeCursor = (position: string): string =>
  Buffer.from(position, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string | undefined): string | undefined =>
  cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8');

/** Builds a page from `limit + 1` fetched rows: the extra row only says there is more. */
export function toPage<TRow, TItem>(
  rows: readonly TRow[],
  limit: number,
  positionOf: (row: TRow) => string,
  toItem: (row: TRow) => TItem,
): Page<TItem> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}

/** OpenAPI description of `cursor` and `limit` on a list route. */
export const ApiPageQuery = (): MethodDecorator =>
  applyDecorators(
    ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' }),
    ApiQuery({
      name: 'limit',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    }),
  );
