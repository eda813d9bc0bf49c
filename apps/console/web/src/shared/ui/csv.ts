/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, tab, carriage return) is prefixed with
 * a quote (OWASP "CSV injection"; plain numbers stay numbers); every cell is quoted, quotes doubled.
 */
export function csvCell(value: unknown): string {
  const text = value == null ? '' : String(value);
  const isNumber = /^-?\d+(\.\d+)?$/.test(text);
  const safe = !isNumber && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n');
}

/** Offers the rows as a file download (UTF-8 with BOM, so spreadsheets read Chinese right). */
export function downloadCsv(
  fileName: string,
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
) {
  const blob = new Blob(['\uFEFF', toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
