import { useMemo } from 'react';
import { Card, Descriptions, Table } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { apiCall, ExportCsvButton } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { EChart } from '@console/shared/ui/echart';
import { TableRegion } from '@console/shared/ui/table-region';
import { cardTitle } from '@console/shared/ui/card-title';
import { useComplaintKpis, type ComplaintKpiSet } from './dashboards.queries';

type KpiRow = ComplaintKpiSet & { readonly severity: string };

/** D7: resolution time (the headline figure), SLA breaches and validity, by severity. */
export function ComplaintKpiPanel() {
  const { t } = useI18n();
  const format = useFormat();
  const kpis = useComplaintKpis(true);
  const rows = useMemo<KpiRow[]>(
    () =>
      Object.entries(kpis.data?.bySeverity ?? {}).map(([severity, set]) => ({ severity, ...set })),
    [kpis.data],
  );
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['P50', 'P90'] },
      grid: { left: 48, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: rows.map((row) => row.severity) },
      yAxis: { type: 'value', name: t('dash.hours') },
      series: [
        { name: 'P50', type: 'bar', data: rows.map((row) => row.resolutionHours.p50) },
        { name: 'P90', type: 'bar', data: rows.map((row) => row.resolutionHours.p90) },
      ],
    }),
    [rows, t],
  );
  const overall = kpis.data?.overall;
  return (
    <Card
      title={cardTitle(t('dash.kpiTitle'))}
      extra={
        <ExportCsvButton<KpiRow>
          table="dashboards.complaint-kpis"
          call={apiCall('analytics', '/analytics/complaints/kpis')}
          rows={kpis.data ? rows : undefined}
          columns={[
            { title: t('complaints.severity'), value: (row) => row.severity },
            { title: t('dash.complaints'), value: (row) => row.complaints },
            { title: t('dash.open'), value: (row) => row.open },
            { title: 'P50', value: (row) => row.resolutionHours.p50 },
            { title: 'P90', value: (row) => row.resolutionHours.p90 },
            { title: t('dash.breachRate'), value: (row) => row.slaBreachRate },
            { title: t('dash.validityRate'), value: (row) => row.validityRate },
          ]}
        />
      }
    >
      <EChart option={option} label={t('dash.kpiTitle')} testId="kpi-chart" height={260} />
      {overall && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('dash.complaints')}>
            {format.number(overall.complaints)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.medianHours')}>
            {format.number(overall.resolutionHours.p50)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.breachRate')}>
            {format.percent(overall.slaBreachRate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.validityRate')}>
            {format.percent(overall.validityRate)}
          </Descriptions.Item>
        </Descriptions>
      )}
      <TableRegion label={t('dash.kpiTitle')}>
        <Table<KpiRow>
          rowKey="severity"
          size="small"
          loading={kpis.isPending}
          dataSource={rows}
          pagination={false}
          columns={[
            { title: t('complaints.severity'), dataIndex: 'severity' },
            { title: t('dash.complaints'), dataIndex: 'complaints' },
            { title: t('dash.open'), dataIndex: 'open' },
            {
              title: 'P50',
              key: 'p50',
              render: (_, row) => format.number(row.resolutionHours.p50),
            },
            {
              title: 'P90',
              key: 'p90',
              render: (_, row) => format.number(row.resolutionHours.p90),
            },
            {
              title: t('dash.breachRate'),
              dataIndex: 'slaBreachRate',
              render: (value: number | null) => format.percent(value),
            },
            {
              title: t('dash.validityRate'),
              dataIndex: 'validityRate',
              render: (value: number | null) => format.percent(value),
            },
          ]}
        />
      </TableRegion>
    </Card>
  );
}
