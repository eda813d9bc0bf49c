import mongoose, { type Connection } from 'mongoose';
import { uniqueSuffix } from '@crm/testing';
import { GreetingClaims } from './greeting-claims';

describe('greeting claims on the real MongoDB/FerretDB', () => {
  let connection: Connection;
  let claims: GreetingClaims;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env['MONGODB_URI']!, { dbName: `test_claims_${uniqueSuffix()}` })
      .asPromise();
    claims = new GreetingClaims(connection);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('lets exactly one of many concurrent jobs claim an occasion; the holder may retry', async () => {
    const greetingId = `gr-${uniqueSuffix()}-birthday-2027`;
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => claims.claim(greetingId, `job-${index}`, now)),
    );
    expect(results.filter((result) => result === 'mine')).toHaveLength(1);
    expect(results.filter((result) => result === 'taken')).toHaveLength(7);
    const holder = `job-${results.indexOf('mine')}`;
    expect(await claims.claim(greetingId, holder, now)).toBe('mine');
    await claims.markSent(greetingId, holder, now);
    expect(await claims.claim(greetingId, holder, now)).toBe('already-sent');
    expect(await claims.claim(greetingId, 'job-other', now)).toBe('already-sent');
  });
});
