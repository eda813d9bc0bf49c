import { zodFieldErrors } from '@crm/platform';
import { listGreetingsRequest } from './greetings.requests';

const fieldsOf = (query: Record<string, string>): string[] => {
  const result = listGreetingsRequest.safeParse(query);
  return result.success ? [] : zodFieldErrors(result.error).map((error) => error.field);
};

describe('GET /engagement/greetings query', () => {
  it('given several statuses, when parsed, then each is kept', () => {
    expect(listGreetingsRequest.parse({ status: 'planned,failed' })).toMatchObject({
      status: ['planned', 'failed'],
      limit: 50,
    });
  });

  it('given a bad value, when parsed, then the 400 names its field', () => {
    expect(fieldsOf({ status: 'due' })).toEqual(['status']);
    expect(fieldsOf({ status: 'planned,bogus' })).toEqual(['status']);
    expect(fieldsOf({ from: 'yesterday' })).toEqual(['from']);
    expect(fieldsOf({ from: '2026-12-02T00:00:00+08:00', to: '2026-12-01T00:00:00Z' })).toEqual([
      'to',
    ]);
    expect(fieldsOf({ ownerId: 'rep-1' })).toEqual(['ownerId']);
  });
});
