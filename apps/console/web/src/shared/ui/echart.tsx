import { useEffect, useRef } from 'react';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

interface EChartProps {
  readonly option: EChartsCoreOption;
  /** What the chart shows, for screen readers (the figures are also in the table below it). */
  readonly label: string;
  readonly height?: number;
  readonly testId?: string;
}

/** Apache ECharts on a canvas that follows its container's width (1280 px and 390 px alike). */
export function EChart({ option, label, height = 320, testId }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option]);

  const series = (option as { series?: readonly { data?: unknown }[] }).series ?? [];
  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      data-testid={testId}
      // The plotted figures, for the browser tests that hold them against the API's.
      data-series={JSON.stringify(series.map((entry) => entry.data ?? null))}
      style={{ width: '100%', height }}
    />
  );
}
