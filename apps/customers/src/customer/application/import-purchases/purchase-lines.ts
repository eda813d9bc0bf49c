import { z } from 'zod';

export type ImportFormat = 'ndjson' | 'csv';

/** One CSV line into fields: commas separate, double quotes enclose, "" is a quote. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Turns the lines of an NDJSON or CSV file (header first) into raw row objects, one at a time.
 * A line that cannot even be read as a row yields an `unreadable` reason instead.
 */
export async function* rowsOf(
  lines: AsyncIterable<string>,
  format: ImportFormat,
  numericColumns: readonly string[] = ['amount'],
): AsyncGenerator<{ line: number; row?: unknown; unreadable?: string }> {
  let header: string[] | undefined;
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const line = raw.trim();
    if (line === '') continue;
    if (format === 'ndjson') {
      try {
        yield { line: number, row: JSON.parse(line) as unknown };
      } catch {
        yield { line: number, unreadable: 'not valid JSON' };
      }
      continue;
    }
    const fields = splitCsvLine(line);
    if (header === undefined) {
      header = fields.map((name) => name.trim());
      continue;
    }
    if (fields.length !== header.length) {
      yield {
        line: number,
        unreadable: `expected ${header.length} columns, found ${fields.length}`,
      };
      continue;
    }
    // CSV has no types: numeric columns are read as numbers where the text is a decimal.
    yield {
      line: number,
      row: Object.fromEntries(
        header.map((name, i) => {
          const field = fields[i]!;
          return [
            name,
            numericColumns.includes(name) && DECIMAL.test(field) ? Number(field) : field,
          ];
        }),
      ),
    };
  }
}

export const describeIssues = (error: z.ZodError): string[] =>
  error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? `${issue.keys.join(', ')}: unknown field`
      : `${issue.path.join('.') || '(row)'}: ${issue.message}`,
  );
