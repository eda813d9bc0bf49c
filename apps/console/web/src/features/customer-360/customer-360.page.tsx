import { useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { Alert, Card, Col, Descriptions, Flex, Input, List, Row, Statistic, Table } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { cardTitle } from '@console/shared/ui/card-title';
import { ConsolePage } from '@console/shared/ui/console-page';
import { ChartCard } from '@console/shared/ui/figure-card';
import { TableRegion } from '@console/shared/ui/table-region';
import {
  useCustomer360,
  useCustomerCard,
  useTierHistory,
  type Contact,
} from './customer-360.queries';
import { CustomerActions } from './customer-360.actions';
import { ActivityCard, SatisfactionTrendCard } from './customer-360.sections';
import { TimelineCard } from './customer-360.timeline';

const TIER_LEVEL = { C: 1, B: 2, A: 3 } as const;

/**
 * Customer 360: the card (personal data as the customers service shows it to this role),
 * analytics' figures, the satisfaction trend and the customer's visits, opportunities and
 * complaints.
 */
export function Customer360Page({ session }: { readonly session: SessionView }) {
  const { t } = useI18n();
  const format = useFormat();
  // A customer opened from another page (a dashboard's list) comes in the router's state.
  const opened = (useLocation().state as { customerId?: string } | null)?.customerId;
  const [customerId, setCustomerId] = useState<string | undefined>(opened);
  const card = useCustomerCard(customerId);
  const figures = useCustomer360(
    customerId,
    mayCall(session, 'GET analytics /analytics/customers/{id}'),
  );
  const tiers = useTierHistory(
    customerId,
    mayCall(session, 'GET analytics /analytics/customers/{id}/tiers'),
  );
  const tierOption = useMemo<EChartsCoreOption | undefined>(
    () =>
      tiers.data
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 16, top: 16, bottom: 32 },
            xAxis: {
              type: 'category',
              data: tiers.data.history.map((entry) => format.date(entry.from)),
            },
            yAxis: {
              type: 'value',
              min: 0,
              max: 3,
              interval: 1,
              axisLabel: { formatter: (v: number) => ['', 'C', 'B', 'A'][v] ?? '' },
            },
            series: [
              {
                type: 'line',
                step: 'end',
                data: tiers.data.history.map((entry) => TIER_LEVEL[entry.tier]),
              },
            ],
          }
        : undefined,
    [tiers.data, format],
  );
  return (
    <ConsolePage title={t('nav.customer360')}>
      <Input.Search
        aria-label={t('customer360.search')}
        placeholder={t('customer360.search')}
        enterButton={t('common.open')}
        defaultValue={opened}
        onSearch={(value) => setCustomerId(value.trim() || undefined)}
        style={{ maxWidth: 480 }}
      />
      {card.isError && <Alert type="error" message={card.error.message} />}
      {card.data && <CustomerActions customer={card.data} session={session} />}
      {card.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={cardTitle(t('customer360.card'))} data-testid="customer-card">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('reps.name')}>{card.data.name}</Descriptions.Item>
                <Descriptions.Item label={t('reps.region')}>{card.data.region}</Descriptions.Item>
                <Descriptions.Item label="phone">{card.data.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="email">{card.data.email ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('reps.tier')}>
                  {card.data.tier ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('reps.lifecycle')}>
                  {card.data.lifecycle ? t(`lifecycle.${card.data.lifecycle}` as MessageKey) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('abc.revenue')}>
                  {format.money(card.data.revenue.amount, card.data.revenue.currency)}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer360.points')}>
                  {format.number(card.data.pointsBalance)}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer360.vouchers')}>
                  <span data-testid="customer-vouchers">
                    {card.data.vouchers
                      .map(
                        (voucher) =>
                          `${voucher.voucher} · ${format.number(voucher.points)} · ${t(
                            voucher.usedOn ? 'customer360.voucherUsed' : 'customer360.voucherOpen',
                          )}`,
                      )
                      .join(' / ') || '—'}
                  </span>
                </Descriptions.Item>
              </Descriptions>
              <TableRegion label={t('customer360.card')}>
                <Table<Contact>
                  rowKey="contactId"
                  size="small"
                  pagination={false}
                  dataSource={[...card.data.contacts]}
                  columns={[
                    { title: t('reps.name'), dataIndex: 'name' },
                    { title: 'phone', dataIndex: 'phone' },
                    { title: 'email', dataIndex: 'email' },
                    { title: 'role', dataIndex: 'buyingRole' },
                  ]}
                />
              </TableRegion>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Flex vertical gap={16}>
              {figures.data && (
                <Card>
                  <Row gutter={16}>
                    <Col span={12}>
                      <Statistic title={t('customer360.csi')} value={figures.data.csi ?? '—'} />
                    </Col>
                    <Col span={12}>
                      <Statistic
                        title={t('customer360.pipeline')}
                        value={
                          figures.data.funnel.byCurrency
                            .map((row) => format.money(row.exact.openAmount, row.currency))
                            .join(' · ') || format.money(0, figures.data.funnel.currency)
                        }
                      />
                    </Col>
                  </Row>
                  <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
                    <Descriptions.Item label={t('customer360.nextVisit')}>
                      {format.date(figures.data.nextVisit?.plannedDate)}
                    </Descriptions.Item>
                  </Descriptions>
                  <List
                    header={t('customer360.openComplaints')}
                    dataSource={[...figures.data.openComplaints]}
                    renderItem={(item) => (
                      <List.Item>{`${item.complaintId} · ${item.status ?? ''}`}</List.Item>
                    )}
                  />
                </Card>
              )}
              {tierOption && (
                <ChartCard
                  title={t('customer360.tierHistory')}
                  chart={{ option: tierOption, height: 220 }}
                />
              )}
            </Flex>
          </Col>
          <Col span={24}>
            <SatisfactionTrendCard customerId={card.data.customerId} session={session} />
          </Col>
          <Col span={24}>
            <TimelineCard customerId={card.data.customerId} session={session} />
          </Col>
          <Col span={24}>
            <ActivityCard customerId={card.data.customerId} session={session} />
          </Col>
        </Row>
      )}
    </ConsolePage>
  );
}
