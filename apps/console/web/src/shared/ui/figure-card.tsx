import type { ReactNode } from 'react';
import { Card } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { cardTitle } from './card-title';
import { EChart } from './echart';
import { FigureExport, FigureRows, type FigureTableProps } from './figure-table';

export interface CardChart {
  /** Undefined while there is nothing to draw. */
  readonly option: EChartsCoreOption | undefined;
  readonly testId?: string;
  readonly height?: number;
}

/**
 * A card of figures: its title as a level-2 heading, the chart (named by the title for screen
 * readers) first, then what the card adds below it.
 */
export function ChartCard({
  title,
  chart,
  testId,
  extra,
  children,
}: {
  readonly title: string;
  readonly chart?: CardChart;
  readonly testId?: string;
  readonly extra?: ReactNode;
  readonly children?: ReactNode;
}) {
  return (
    <Card title={cardTitle(title)} extra={extra} data-testid={testId}>
      {chart?.option && (
        <EChart option={chart.option} label={title} testId={chart.testId} height={chart.height} />
      )}
      {children}
    </Card>
  );
}

/**
 * A card whose figures end in a table: the chart (if any), what the card adds, then the table,
 * whose CSV export (the rows and columns it shows) sits in the card's header.
 */
export function TableCard<TRow extends object>({
  title,
  label = title,
  chart,
  testId,
  children,
  ...table
}: Omit<FigureTableProps<TRow>, 'label'> & {
  readonly title: string;
  /** The table region's name, when it is not the card's title. */
  readonly label?: string;
  readonly chart?: CardChart;
  readonly testId?: string;
  readonly children?: ReactNode;
}) {
  return (
    <ChartCard
      title={title}
      chart={chart}
      testId={testId}
      extra={<FigureExport<TRow> {...table} />}
    >
      {children}
      <FigureRows<TRow> label={label} {...table} />
    </ChartCard>
  );
}
