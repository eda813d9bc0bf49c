import type { ReactNode } from 'react';
import { Flex, Table, type TableProps } from 'antd';
import { ExportCsvButton } from '@console/shared/export/export-csv-button';
import { TableRegion } from './table-region';

export interface FigureColumn<TRow> {
  readonly key: string;
  readonly title: string;
  /** The cell's value, as exported to CSV (and shown, unless `render` shows it otherwise). */
  readonly value?: (row: TRow) => unknown;
  /** How the cell shows; a column with `render` and no `value` (an action) is not exported. */
  readonly render?: (row: TRow) => ReactNode;
  /** Exported only: a value the table's other columns already stand for (an id beside a name). */
  readonly exportOnly?: boolean;
}

/**
 * A column whose cell shows its value through a format (a number, a percentage, an amount, a date)
 * while the CSV export keeps the value itself.
 */
export function formatted<TRow, TValue>(
  column: { readonly key: string; readonly title: string; readonly value: (row: TRow) => TValue },
  show: (value: TValue) => ReactNode,
): FigureColumn<TRow> {
  return { ...column, render: (row) => show(column.value(row)) };
}

/** A table of figures: what it shows, and the audited CSV export of exactly those rows. */
export interface FigureTableProps<TRow> {
  /** The table's stable name, also the file's (`reps.followUps` → `reps.followUps.csv`). */
  readonly table: string;
  /** The table region's accessible name. */
  readonly label: string;
  /** The console call the rows came from (`apiCall(…)`), for the export's audit. */
  readonly call: string;
  readonly rows: readonly TRow[] | undefined;
  readonly rowKey: (keyof TRow & string) | ((row: TRow) => string);
  readonly columns: readonly FigureColumn<TRow>[];
  readonly loading?: boolean;
  readonly pagination?: TableProps<TRow>['pagination'];
  readonly size?: TableProps<TRow>['size'];
  readonly emptyText?: string;
}

const shown = (value: unknown): ReactNode =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** The CSV export of a figure table (audited, escaped: ExportCsvButton): the columns with a value. */
export function FigureExport<TRow>({
  table,
  call,
  rows,
  columns,
}: Pick<FigureTableProps<TRow>, 'table' | 'call' | 'rows' | 'columns'>) {
  return (
    <ExportCsvButton<TRow>
      table={table}
      call={call}
      rows={rows}
      columns={columns.flatMap((column) =>
        column.value ? [{ title: column.title, value: column.value }] : [],
      )}
    />
  );
}

/** A figure table's rows in a region a keyboard can scroll at phone width. */
export function FigureRows<TRow extends object>({
  label,
  rows,
  rowKey,
  columns,
  loading,
  pagination = { pageSize: 20 },
  size,
  emptyText,
}: Omit<FigureTableProps<TRow>, 'table' | 'call'>) {
  return (
    <TableRegion label={label} busy={loading === true}>
      <Table<TRow>
        rowKey={rowKey}
        size={size}
        loading={loading}
        dataSource={rows ? [...rows] : []}
        pagination={pagination}
        {...(emptyText === undefined ? {} : { locale: { emptyText } })}
        columns={columns
          .filter((column) => !column.exportOnly)
          .map((column) => ({
            key: column.key,
            title: column.title,
            render: (_: unknown, row: TRow) =>
              column.render ? column.render(row) : shown(column.value?.(row)),
          }))}
      />
    </TableRegion>
  );
}

/**
 * A table of the console outside a card of its own (a tab): its rows, and the CSV export of
 * exactly those rows and columns above them. In a card, FigureCard puts the export in its header.
 */
export function FigureTable<TRow extends object>(props: FigureTableProps<TRow>) {
  return (
    <Flex vertical gap={8}>
      <Flex justify="end">
        <FigureExport {...props} />
      </Flex>
      <FigureRows {...props} />
    </Flex>
  );
}
