import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dataKeyId, SEALED_DATA_FIELD, type CloudEvent } from '@crm/contracts';
import type { BaseConfig } from '../config/config.schema';
import { DataKeyRing } from './data-key-ring';

/** A customers key API on a local port that counts what it is asked and answers slowly. */
const keyApi = async () => {
  const asked: string[] = [];
  const server: Server = createServer((request, response) => {
    asked.push(request.url ?? '');
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ key: randomBytes(32).toString('base64') }));
    }, 100);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { asked, url: `http://127.0.0.1:${port}`, close: () => server.close() };
};

const sealedEventOf = (customerId: string, id: string): CloudEvent =>
  ({
    id,
    type: 'crm.customers.CustomerRegistered.v2',
    data: {
      customerId,
      name: '[redacted]',
      [SEALED_DATA_FIELD]: {
        kid: dataKeyId('customers', customerId),
        alg: 'A256GCM',
        paths: ['name'],
        iv: randomBytes(12).toString('base64'),
        tag: randomBytes(16).toString('base64'),
        ct: randomBytes(8).toString('base64'),
      },
    },
  }) as unknown as CloudEvent;

describe('DataKeyRing: keys of another service', () => {
  let api: Awaited<ReturnType<typeof keyApi>>;
  let ring: DataKeyRing;

  beforeEach(async () => {
    api = await keyApi();
    ring = new DataKeyRing({
      CUSTOMERS_URL: api.url,
      DATA_KEY_CACHE_MS: 60_000,
      JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      JWT_ISSUER: 'crm',
      JWT_AUDIENCE: 'crm',
      SERVICE_NAME: 'analytics',
    } as unknown as BaseConfig);
  });
  afterEach(() => api.close());

  it('asks once for a key that several consumers need at the same time', async () => {
    await Promise.all(['e1', 'e2', 'e3', 'e4'].map((id) => ring.open(sealedEventOf('客户-1', id))));
    await ring.open(sealedEventOf('客户-1', 'e5'));
    expect(api.asked).toEqual([`/data-keys/customers/${encodeURIComponent('客户-1')}`]);
  });

  it('asks again after an erasure dropped the key, even one asked for meanwhile', async () => {
    const during = ring.open(sealedEventOf('客户-2', 'e1'));
    ring.forget('客户-2');
    await during;
    await ring.open(sealedEventOf('客户-2', 'e2'));
    expect(api.asked).toHaveLength(2);
  });
});
