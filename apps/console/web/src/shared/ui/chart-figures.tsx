import type { ReactNode } from 'react';

export interface FigureRow {
  readonly key: string;
  /** The row's heading cell (the chart's category). */
  readonly head: ReactNode;
  readonly cells: readonly ReactNode[];
  /** `data-*` attributes the browser tests read the API's figures from. */
  readonly data?: Readonly<Record<`data-${string}`, string | number | null>>;
}

/** A chart's figures as a table: for screen readers, and for checking against the API. */
export function ChartFigures({
  caption,
  testId,
  columns,
  rows,
}: {
  readonly caption: string;
  readonly testId: string;
  /** The column headings, the row heading's first. */
  readonly columns: readonly string[];
  readonly rows: readonly FigureRow[];
}) {
  return (
    <table className="figures" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} {...row.data}>
            <th scope="row">{row.head}</th>
            {row.cells.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
