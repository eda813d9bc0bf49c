import { useMemo, useState } from 'react';
import { Button, Space } from 'antd';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { categoryChart } from '@console/shared/ui/category-chart';
import { ChartCard } from '@console/shared/ui/figure-card';
import { FigureTable, formatted, type FigureColumn } from '@console/shared/ui/figure-table';
import { openCustomerColumn } from '@console/shared/ui/open-customer';
import {
  useCompleteness,
  useIncompleteCards,
  type CardCheck,
  type IncompleteCard,
  type RepCompleteness,
} from './dashboards.queries';

const checkLabel = (check: CardCheck) => `completeness.check.${check}` as MessageKey;
const repLabel = (rep: RepCompleteness) => rep.repName ?? rep.repId;

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
  const option = useMemo(
    () =>
      categoryChart({
        categories: reps.map(repLabel),
        axisLabel: { rotate: 30 },
        grid: { right: 48 },
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
    formatted(
      {
        key: 'averageScore',
        title: t('completeness.averageScore'),
        value: (rep) => rep.averageScore,
      },
      format.number,
    ),
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
      <ChartCard
        title={t('completeness.title')}
        chart={{ option, testId: 'completeness-chart', height: 280 }}
      >
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
      </ChartCard>
      {chosen && (
        <ChartCard
          title={t('completeness.cardsOf').replace('{rep}', repLabel(chosen))}
          testId="completeness-cards"
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
              openCustomerColumn(t('nav.customer360'), (card) => card.name),
            ]}
          />
        </ChartCard>
      )}
    </Space>
  );
}
