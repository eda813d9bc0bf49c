import { useMemo, useState } from 'react';
import { Segmented, Space } from 'antd';
import { LIFECYCLE_STAGES } from '@crm/contracts/lifecycle-stages';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { categoryChart } from '@console/shared/ui/category-chart';
import { TableCard } from '@console/shared/ui/figure-card';
import { openCustomerColumn } from '@console/shared/ui/open-customer';
import {
  DRIFTING_STAGES,
  useLifecycle,
  useReactivationCalls,
  type DriftingStage,
  type LifecycleMember,
  type ReactivationCall,
} from './dashboards.queries';

const stageLabel = (stage: string) => `lifecycle.${stage}` as MessageKey;

/**
 * D5 and D9: how many customers are in each lifecycle stage, the customers of one drifting stage
 * (who owns them, since when), and the reactivation calls still to make. Every figure is
 * analytics' answer; the two lists are read apart, each from the service part that owns it.
 */
export function DriftingCustomersPanel({ session }: { readonly session: SessionView }) {
  const { t } = useI18n();
  const format = useFormat();
  const [stage, setStage] = useState<DriftingStage>('drowsy');
  const [callStatus, setCallStatus] = useState<'due' | 'scheduled'>('due');
  const lifecycle = useLifecycle(stage);
  const mayListCalls = mayCall(session, 'GET analytics /engagement/follow-ups');
  const calls = useReactivationCalls(callStatus, mayListCalls);
  const option = useMemo(() => {
    const stages = lifecycle.data?.stages;
    if (!stages) return undefined;
    return categoryChart({
      categories: LIFECYCLE_STAGES.map((entry) => t(stageLabel(entry))),
      axisLabel: { interval: 0, rotate: 30 },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('drift.customers'),
          type: 'bar',
          data: LIFECYCLE_STAGES.map((entry) => stages[entry] ?? 0),
        },
      ],
    });
  }, [lifecycle.data, t]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <TableCard<LifecycleMember>
        title={t('drift.title')}
        label={t('drift.members')}
        chart={{ option, testId: 'lifecycle-chart', height: 260 }}
        table={`dashboards.drifting-${stage}`}
        call={apiCall('analytics', '/analytics/lifecycle', { stage, limit: 100 })}
        rows={lifecycle.data?.members.items}
        rowKey="customerId"
        loading={lifecycle.isPending}
        emptyText={t('drift.none')}
        columns={[
          { key: 'name', title: t('reps.name'), value: (row) => row.name ?? row.customerId },
          { key: 'ownerId', title: t('board.rep'), value: (row) => row.ownerId },
          {
            key: 'stage',
            title: t('reps.lifecycle'),
            value: (row) => (row.stage ? t(stageLabel(row.stage)) : ''),
          },
          { key: 'since', title: t('drift.since'), value: (row) => format.date(row.since) },
          openCustomerColumn(t('nav.customer360'), (row) => row.name ?? row.customerId),
        ]}
      >
        <Segmented<DriftingStage>
          aria-label={t('drift.stage')}
          value={stage}
          onChange={setStage}
          options={DRIFTING_STAGES.map((value) => ({ value, label: t(stageLabel(value)) }))}
          style={{ margin: '12px 0' }}
        />
      </TableCard>
      {mayListCalls && (
        <TableCard<ReactivationCall>
          title={t('drift.calls')}
          table={`dashboards.reactivation-${callStatus}`}
          call={apiCall('analytics', '/engagement/follow-ups', {
            reason: 'reactivation',
            status: callStatus,
            limit: 100,
          })}
          rows={calls.data?.items}
          rowKey="followUpId"
          loading={calls.isPending}
          columns={[
            {
              key: 'customer',
              title: t('common.customer'),
              value: (row) => row.customerName ?? row.customerId,
            },
            { key: 'ownerId', title: t('board.rep'), value: (row) => row.ownerId },
            {
              key: 'reason',
              title: t('reps.reason'),
              value: (row) => t(`followUp.reason.${row.reason}` as MessageKey),
            },
            {
              key: 'scheduledFor',
              title: t('reps.scheduledFor'),
              value: (row) => format.dateTime(row.scheduledFor),
            },
            openCustomerColumn(t('nav.customer360'), (row) => row.customerName ?? row.customerId),
          ]}
        >
          <Segmented<'due' | 'scheduled'>
            aria-label={t('common.status')}
            value={callStatus}
            onChange={setCallStatus}
            options={[
              { value: 'due', label: t('drift.callsDue') },
              { value: 'scheduled', label: t('drift.callsScheduled') },
            ]}
            style={{ marginBottom: 12 }}
          />
        </TableCard>
      )}
    </Space>
  );
}
