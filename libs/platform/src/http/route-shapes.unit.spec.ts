import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { HTTP_CODE_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { Patch } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { ROUTE_ROLES } from '../auth/auth.decorators';
import { pageOf } from './pagination';
import { ApiController, ChangeRoute, CreateRoute, ListRoute, ReadRoute } from './route-shapes';

const shop = z.object({ shopId: z.string(), 名称: z.string(), version: z.int() });
const renameRequest = z.object({ 名称: z.string() }).strict();

@ApiController('shops')
class ShopsController {
  @ListRoute({
    roles: ['sales_rep'],
    filters: [{ name: 'region' }, { name: 'ownerId', required: true, description: '负责人' }],
    answer: pageOf(shop),
  })
  list(): void {}

  @CreateRoute({
    roles: ['admin'],
    body: renameRequest,
    answer: shop,
    location: ({ shopId }: { shopId: string }) => `/shops/${shopId}`,
  })
  open(): void {}

  @ReadRoute(':id', { answer: shop })
  one(): void {}

  @ChangeRoute(':id/signs', { status: 201, body: renameRequest, answer: shop })
  addSign(): void {}

  @ChangeRoute(':id', { method: Patch, answer: shop })
  rename(): void {}
}

async function documentOf(): Promise<OpenAPIObject> {
  const module = await Test.createTestingModule({ controllers: [ShopsController] }).compile();
  return SwaggerModule.createDocument(
    module.createNestApplication({ logger: false }),
    new DocumentBuilder().setOpenAPIVersion('3.1.0').build(),
  );
}

const metadataOf = (key: string, method: keyof ShopsController): unknown =>
  Reflect.getMetadata(key, ShopsController.prototype[method]);

describe('the route shapes', () => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await documentOf();
  });

  it('document every route of an ApiController under its tag, with a bearer token', () => {
    const operations = Object.values(document.paths).flatMap((item) =>
      [item.get, item.post, item.patch].filter((operation) => operation !== undefined),
    );
    expect(operations).toHaveLength(5);
    for (const operation of operations) {
      expect(operation.tags).toEqual(['shops']);
      expect(operation.security).toEqual([{ bearer: [] }]);
    }
  });

  it("make a list's filters optional unless one says required, beside cursor and limit", () => {
    const parameters = document.paths['/shops']!.get!.parameters as {
      name: string;
      required: boolean;
    }[];
    const required = Object.fromEntries(parameters.map((p) => [p.name, p.required]));
    expect(required).toEqual({ cursor: false, limit: false, region: false, ownerId: true });
    expect(metadataOf(ROUTE_ROLES, 'list')).toEqual(['sales_rep']);
  });

  it('answer a creation 201 with its Location and ETag', () => {
    expect(Object.keys(document.paths['/shops']!.post!.responses)).toEqual(['201']);
    expect(metadataOf(HTTP_CODE_METADATA, 'open')).toBe(201);
    expect(metadataOf(INTERCEPTORS_METADATA, 'open')).toHaveLength(1);
    expect(metadataOf(ROUTE_ROLES, 'open')).toEqual(['admin']);
  });

  it('answer a change 200, or 201 where it adds to the stream, each with an ETag', () => {
    expect(Object.keys(document.paths['/shops/{id}']!.patch!.responses)).toEqual(['200']);
    expect(metadataOf(HTTP_CODE_METADATA, 'rename')).toBe(200);
    expect(Object.keys(document.paths['/shops/{id}/signs']!.post!.responses)).toEqual(['201']);
    expect(metadataOf(HTTP_CODE_METADATA, 'addSign')).toBe(201);
    expect(document.paths['/shops/{id}/signs']!.post!.requestBody).toBeDefined();
    expect(document.paths['/shops/{id}']!.patch!.requestBody).toBeUndefined();
    for (const route of ['one', 'addSign', 'rename'] as const) {
      expect(metadataOf(INTERCEPTORS_METADATA, route)).toHaveLength(1);
      // No roles of its own: the controller's apply.
      expect(metadataOf(ROUTE_ROLES, route)).toBeUndefined();
    }
  });
});
