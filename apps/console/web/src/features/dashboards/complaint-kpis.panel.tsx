import { useMemo } from 'react';
import { Descriptions } from 'antd';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { categoryChart } from '@console/shared/ui/category-chart';
import { TableCard } from '@console/shared/ui/figure-card';
import { formatted } from '@console/shared/ui/figure-table';
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
  const option = useMemo(
    () =>
      categoryChart({
        categories: rows.map((row) => row.severity),
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
    <TableCard<KpiRow>
      title={t('dash.kpiTitle')}
      chart={{ option, testId: 'kpi-chart', height: 260 }}
      table="dashboards.complaint-kpis"
      call={apiCall('analytics', '/analytics/complaints/kpis')}
      rows={kpis.data ? rows : undefined}
      rowKey="severity"
      size="small"
      loading={kpis.isPending}
      pagination={false}
      columns={[
        { key: 'severity', title: t('complaints.severity'), value: (row) => row.severity },
        { key: 'complaints', title: t('dash.complaints'), value: (row) => row.complaints },
        { key: 'open', title: t('dash.open'), value: (row) => row.open },
        formatted(
          { key: 'p50', title: 'P50', value: (row) => row.resolutionHours.p50 },
          format.number,
        ),
        formatted(
          { key: 'p90', title: 'P90', value: (row) => row.resolutionHours.p90 },
          format.number,
        ),
        formatted(
          { key: 'slaBreachRate', title: t('dash.breachRate'), value: (row) => row.slaBreachRate },
          format.percent,
        ),
        formatted(
          { key: 'validityRate', title: t('dash.validityRate'), value: (row) => row.validityRate },
          format.percent,
        ),
      ]}
    >
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
    </TableCard>
  );
}
