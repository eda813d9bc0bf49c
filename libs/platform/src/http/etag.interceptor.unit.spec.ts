import 'reflect-metadata';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { lastValueFrom, of } from 'rxjs';
import { AnswersCreated, AnswersWithEtag } from './etag.interceptor';

/** The interceptor a decorator puts on a route, run on one answer; the headers it sets. */
async function answer(
  decorator: MethodDecorator,
  body: unknown,
): Promise<{ body: unknown; headers: Record<string, string> }> {
  class Routes {
    route(): void {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Routes.prototype, 'route')!;
  decorator(Routes.prototype, 'route', descriptor);
  const [interceptor] = Reflect.getMetadata(INTERCEPTORS_METADATA, descriptor.value) as [
    NestInterceptor,
  ];
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => (headers[name] = value) };
  const context = {
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(body) };
  const sent = await lastValueFrom(await interceptor.intercept(context, next));
  return { body: sent, headers };
}

describe('the ETag of an answer', () => {
  it('is the stream version the answer is at, the answer unchanged', async () => {
    const body = { customerId: 'c-1', version: 7, 名称: '杭州莲花贸易' };
    expect(await answer(AnswersWithEtag(), body)).toEqual({ body, headers: { ETag: '"7"' } });
  });

  it('comes with the Location of what a creation created', async () => {
    const created = AnswersCreated(({ visitId }: { visitId: string }) => `/visits/${visitId}`);
    expect(await answer(created, { visitId: 'v-9', version: 1 })).toMatchObject({
      headers: { ETag: '"1"', Location: '/visits/v-9' },
    });
  });
});
