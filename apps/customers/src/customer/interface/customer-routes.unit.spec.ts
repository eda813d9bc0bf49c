import 'reflect-metadata';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { lastValueFrom, of } from 'rxjs';
import { z } from 'zod';
import { RecordOnceRoute } from './customer-routes';

const purchase = z.object({ recorded: z.boolean(), version: z.int() });

/** The status and headers RecordOnceRoute's interceptors give one answer (Nest starts a POST at 201). */
async function answer(body: { recorded: boolean; version: number; 订单号: string }) {
  class Routes {
    record(): void {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Routes.prototype, 'record')!;
  RecordOnceRoute(':id/purchases', {
    roles: ['sales_rep'],
    body: z.object({}),
    answer: purchase,
    replay: 'recorded before',
  })(Routes.prototype, 'record', descriptor);
  const interceptors = Reflect.getMetadata(
    INTERCEPTORS_METADATA,
    descriptor.value,
  ) as NestInterceptor[];
  const sent = { status: 201, headers: {} as Record<string, string> };
  const response = {
    status: (code: number) => (sent.status = code),
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
  };
  const context = {
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ExecutionContext;
  // Each interceptor wraps the next, as Nest chains them.
  const handler = interceptors.reduceRight<CallHandler>(
    (next, interceptor) => ({ handle: () => interceptor.intercept(context, next) as never }),
    { handle: () => of(body) },
  );
  return { body: await lastValueFrom(handler.handle()), ...sent };
}

describe('a route that records something once', () => {
  it('answers 201 with the ETag when it is recorded now', async () => {
    const body = { recorded: true, version: 4, 订单号: 'SO-杭州-001' };
    expect(await answer(body)).toEqual({ body, status: 201, headers: { ETag: '"4"' } });
  });

  it('answers 200 with the ETag when it had been recorded before', async () => {
    const body = { recorded: false, version: 4, 订单号: 'SO-杭州-001' };
    expect(await answer(body)).toEqual({ body, status: 200, headers: { ETag: '"4"' } });
  });
});
