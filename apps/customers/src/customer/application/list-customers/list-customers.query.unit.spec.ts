import { auditedQuery } from './list-customers.query';

describe('the audit of a masked reader\'s list read', () => {
  it('keeps which list, the non-personal filters and that a name was searched, never the term', () => {
    const what = auditedQuery(
      { q: '王小明', region: 'east', tier: 'A', cursor: 'c2FsdA', limit: 50 },
      3,
    );
    expect(what).toEqual([
      'list:customers',
      'q',
      'region=east',
      'tier=A',
      'cursor',
      'limit=50',
      'results=3',
    ]);
    expect(what.join(' ')).not.toContain('王小明');
    expect(auditedQuery({ flaggedDuplicates: true, limit: 20 }, 0)).toEqual([
      'list:duplicates',
      'limit=20',
      'results=0',
    ]);
  });
});
