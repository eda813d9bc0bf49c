import { useMemo, useState } from 'react';
import { Button, Card, Space } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { EChart } from '@console/shared/ui/echart';
import { FigureTable, type FigureColumn } from '@console/shared/ui/figure-table';
import { OpenCustomer } from '@console/shared/ui/open-customer';
import { cardTitle } from '@console/shared/ui/card-title';
import {
  useCompleteness,
  useIncompleteCards,
  type CardCheck,
  type IncompleteCard,
  type RepCompleteness,
} from './dashboards.queries';

const checkLabel = (check: CardCheck) => `completeness.check.${check}` as MessageKey;

/**
 * D1: how complete each rep's customer cards are (the card is the first step of the work), as the
 * customers service computes it: the average score per rep as a chart, every figure in the table
 * below, and one rep's incomplete cards with what each lacks, so the manager can act.
 */
export function CardCompletenessPanel() {
  const { t } = useI18n();
  const format = useFormat();
  const report = useCompleteness();
  const [repId, setRepId] = useState<string | undefined>();
  const incomplete = useIncompleteCards(repId);
  const reps = useMemo(() => report.data?.items ?? [], [report.data]);
  const checks = useMemo(() => report.data?.checks ?? [], [report.data]);
  const repLabel = (rep: RepCompleteness) => rep.repName ?? rep.repId;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('completeness.averageScore'), t('completeness.complete')] },
      grid: { left: 48, right: 48, bottom: 64, top: 40 },
      xAxis: {
        type: 'category',
        data: reps.map((rep) => rep.repName ?? rep.repId),
        axisLabel: { rotate: 30 },
      },
      yAxis: [
        { type: 'value', min: 0, max: 100 },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        {
          name: t('completeness.averageScore'),
          type: 'bar',
          data: reps.map((rep) => rep.averageScore),
        },
        {
          name: t('completeness.complete'),
          type: 'bar',
          yAxisIndex: 1,
          data: reps.map((rep) => rep.complete),
        },
      ],
    }),
    [reps, t],
  );
  const chosen = reps.find((rep) => rep.repId === repId);
  const repColumns: FigureColumn<RepCompleteness>[] = [
    { key: 'rep', title: t('board.rep'), value: repLabel },
    { key: 'repId', title: t('completeness.repId'), value: (rep) => rep.repId },
    { key: 'region', title: t('completeness.region'), value: (rep) => rep.region },
    { key: 'cards', title: t('completeness.cards'), value: (rep) => rep.cards },
    { key: 'complete', title: t('completeness.complete'), value: (rep) => rep.complete },
    {
      key: 'averageScore',
      title: t('completeness.averageScore'),
      value: (rep) => rep.averageScore,
      render: (rep) => format.number(rep.averageScore),
    },
    ...checks.map((check): FigureColumn<RepCompleteness> => ({
      key: `missing-${check}`,
      title: `${t('completeness.missing')}: ${t(checkLabel(check))}`,
      value: (rep) => rep.missing[check],
    })),
    {
      key: 'open',
      title: t('completeness.incomplete'),
      render: (rep) => (
        <Button
          size="small"
          type={rep.repId === repId ? 'primary' : 'default'}
          disabled={rep.complete === rep.cards}
          onClick={() => setRepId(rep.repId)}
        >
          {t('completeness.showCards')}
        </Button>
      ),
    },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={cardTitle(t('completeness.title'))}>
        <EChart
          option={option}
          label={t('completeness.title')}
          testId="completeness-chart"
          height={280}
        />
        <div data-testid="completeness-table">
          <FigureTable<RepCompleteness>
            table="dashboards.card-completeness"
            label={t('completeness.title')}
            call={apiCall('customers', '/customers/completeness', { limit: 500 })}
            rows={reps}
            rowKey="repId"
            loading={report.isPending}
            columns={repColumns}
          />
        </div>
      </Card>
      {chosen && (
        <Card
          title={cardTitle(t('completeness.cardsOf').replace('{rep}', repLabel(chosen)))}
          data-testid="completeness-cards"
        >
          <FigureTable<IncompleteCard>
            table="dashboards.incomplete-cards"
            label={t('completeness.cardsOf').replace('{rep}', repLabel(chosen))}
            call={apiCall('customers', '/customers/completeness/cards', {
              ownerId: chosen.repId,
              limit: 100,
            })}
            rows={incomplete.data?.items}
            rowKey="customerId"
            loading={incomplete.isPending}
            columns={[
              { key: 'name', title: t('reps.name'), value: (card) => card.name },
              { key: 'score', title: t('completeness.score'), value: (card) => card.score },
              {
                key: 'missing',
                title: t('completeness.missing'),
                value: (card) => card.missing.map((check) => t(checkLabel(check))).join('、'),
              },
              {
                key: 'open',
                title: t('nav.customer360'),
                render: (card) => <OpenCustomer customerId={card.customerId} label={card.name} />,
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
