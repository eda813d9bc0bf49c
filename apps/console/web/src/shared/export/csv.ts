/**
 * CSV for the console's exports, pure (no DOM) so the unit tests hold it to hostile cells.
 *
 * A cell a spreadsheet would run as a formula is prefixed with a quote (OWASP "CSV injection"):
 * one starting with = + - @, a tab, a carriage return or a line feed, and their full-width forms
 * (＝ ＋ － ＠), which some spreadsheets in Chinese and Japanese locales read as the ASCII ones.
 * A plain number (`-12.5`) stays a number. Every cell is quoted, quotes doubled, rows end in CRLF
 * (RFC 4180).
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The byte order mark that makes Excel read the file as UTF-8 (Chinese otherwise garbles). */
export const UTF8_BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  const text = value == null ? '' : String(value);
  const safe = !PLAIN_NUMBER.test(text) && FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n');
}

/** One column of an exported table: its heading and how a row's cell is read. */
export interface CsvColumn<TRow> {
  readonly title: string;
  readonly value: (row: TRow) => unknown;
}

/** The whole file as the user downloads it: BOM, header row, one line per row. */
export function csvDocument<TRow>(
  columns: readonly CsvColumn<TRow>[],
  rows: readonly TRow[],
): string {
  return (
    UTF8_BOM +
    toCsv(
      columns.map((column) => column.title),
      rows.map((row) => columns.map((column) => column.value(row))),
    )
  );
}
