import type { EChartsCoreOption } from 'echarts/core';

export interface CategorySeries {
  readonly name: string;
  readonly type: 'bar' | 'line';
  readonly data: readonly unknown[];
  /** 1: on the second value axis (counts beside amounts or scores). */
  readonly yAxisIndex?: 1;
  readonly lineStyle?: { readonly type: 'dashed' };
}

/**
 * Figures per category as bars and lines, as every dashboard draws them: the tooltip on the axis,
 * a legend above when there is more than one series, room for turned labels and a second axis.
 */
export function categoryChart({
  categories,
  series,
  yAxis = { type: 'value' },
  axisLabel,
  grid,
}: {
  readonly categories: readonly string[];
  readonly series: readonly CategorySeries[];
  readonly yAxis?: object | readonly object[];
  /** The category labels' layout (`{ rotate: 30 }` for long ones). */
  readonly axisLabel?: { readonly rotate?: number; readonly interval?: number };
  readonly grid?: { readonly left?: number; readonly right?: number };
}): EChartsCoreOption {
  const legend = series.length > 1;
  return {
    tooltip: { trigger: 'axis' },
    ...(legend ? { legend: { top: 0, data: series.map((entry) => entry.name) } } : {}),
    grid: {
      left: 48,
      right: series.some((entry) => entry.yAxisIndex) ? 40 : 16,
      top: legend ? 40 : 24,
      bottom: axisLabel?.rotate ? 64 : 32,
      ...grid,
    },
    xAxis: { type: 'category', data: categories, ...(axisLabel ? { axisLabel } : {}) },
    yAxis,
    series,
  };
}
