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
}

const shown = (value: unknown): ReactNode =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/**
 * Every table of the console: its rows in a region a keyboard can scroll at phone width, and the
 * CSV export of exactly those rows and columns (audited, escaped: ExportCsvButton) above it.
 */
export function FigureTable<TRow extends object>({
  table,
  label,
  call,
  rows,
  rowKey,
  columns,
  loading,
  pagination = { pageSize: 20 },
  emptyText,
}: {
  /** The table's stable name, also the file's (`reps.followUps` → `reps.followUps.csv`). */
  readonly table: string;
  /** The table region's accessible name. */
  readonly label: string;
  /** The console call the rows came from (`apiCall(…)`), for the export's audit. */
  readonly call: string;
  readonly rows: readonly TRow[] | undefined;
  readonly rowKey: keyof TRow & string;
  readonly columns: readonly FigureColumn<TRow>[];
  readonly loading?: boolean;
  readonly pagination?: TableProps<TRow>['pagination'];
  readonly emptyText?: string;
}) {
  return (
    <Flex vertical gap={8}>
      <Flex justify="end">
        <ExportCsvButton<TRow>
          table={table}
          call={call}
          rows={rows}
          columns={columns.flatMap((column) =>
            column.value ? [{ title: column.title, value: column.value }] : [],
          )}
        />
      </Flex>
      <TableRegion label={label}>
        <Table<TRow>
          rowKey={rowKey}
          loading={loading}
          dataSource={rows ? [...rows] : []}
          pagination={pagination}
          {...(emptyText === undefined ? {} : { locale: { emptyText } })}
          columns={columns.map((column) => ({
            key: column.key,
            title: column.title,
            render: (_: unknown, row: TRow) =>
              column.render ? column.render(row) : shown(column.value?.(row)),
          }))}
        />
      </TableRegion>
    </Flex>
  );
}
