import { rowsOf, splitCsvLine } from './purchase-lines';

async function* linesOf(...lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

describe('purchase import lines', () => {
  it('splits CSV with quoted commas and doubled quotes', () => {
    expect(splitCsvLine('a,"b, c","say ""hi""",,e')).toEqual(['a', 'b, c', 'say "hi"', '', 'e']);
  });

  it('reads CSV rows by header, amounts as numbers, references as text, and reports short rows by line number', async () => {
    const rows = await collect(
      rowsOf(
        linesOf('customerId,amount,orderReference', 'c-1,12.50,SO-1', '', 'c-2,7', 'c-3,x,007'),
        'csv',
      ),
    );
    expect(rows).toEqual([
      { line: 2, row: { customerId: 'c-1', amount: 12.5, orderReference: 'SO-1' } },
      { line: 4, unreadable: 'expected 3 columns, found 2' },
      { line: 5, row: { customerId: 'c-3', amount: 'x', orderReference: '007' } },
    ]);
  });

  it('reads NDJSON rows and reports lines that are not JSON', async () => {
    const rows = await collect(rowsOf(linesOf('{"a":1}', '{oops', '  '), 'ndjson'));
    expect(rows).toEqual([
      { line: 1, row: { a: 1 } },
      { line: 2, unreadable: 'not valid JSON' },
    ]);
  });
});
