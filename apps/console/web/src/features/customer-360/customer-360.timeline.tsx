import { useState } from 'react';
import { Button, Card, Empty, Select, Space, Tag, Timeline, Typography } from 'antd';
import { mayCall } from '@console/shared/api/session';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { cardTitle } from '@console/shared/ui/card-title';
import {
  TIMELINE_SERVICES,
  useCustomerTimeline,
  type TimelineService,
} from './customer-360.queries';
import type { CustomerSectionProps } from './customer-360.sections';

const SERVICE_COLOR: Record<TimelineService, string> = {
  customers: 'blue',
  visits: 'green',
  complaints: 'red',
  analytics: 'purple',
  engagement: 'gold',
};

/**
 * The customer's events across the services, newest first, as analytics keeps them (ADR 137): the
 * time in the user's time zone, the service, the event's name in the user's language and the
 * summary the API built (codes and amounts only). Older entries a page at a time.
 */
export function TimelineCard({ customerId, session }: CustomerSectionProps) {
  const { t } = useI18n();
  const format = useFormat();
  const allowed = mayCall(session, 'GET analytics /analytics/customers/{id}/timeline');
  const [service, setService] = useState<TimelineService | undefined>();
  const timeline = useCustomerTimeline(customerId, service, allowed);
  if (!allowed) return null;
  const entries = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card
      title={cardTitle(t('customer360.timeline'))}
      data-testid="customer-timeline"
      extra={
        <Select<TimelineService | ''>
          aria-label={t('customer360.timelineService')}
          style={{ minWidth: 140 }}
          value={service ?? ''}
          onChange={(value) => setService(value === '' ? undefined : value)}
          options={[
            { value: '', label: t('customer360.timelineAllServices') },
            ...TIMELINE_SERVICES.map((value) => ({
              value,
              label: t(`timeline.service.${value}` as MessageKey),
            })),
          ]}
        />
      }
    >
      {entries.length === 0 && !timeline.isPending ? (
        <Empty description={t('customer360.timelineEmpty')} />
      ) : (
        <Timeline
          items={entries.map((entry) => ({
            key: entry.eventId,
            color: SERVICE_COLOR[entry.service],
            children: (
              <div
                data-testid="timeline-entry"
                data-event-id={entry.eventId}
                data-service={entry.service}
                data-type={entry.type}
                data-occurred-at={entry.occurredAt}
              >
                <Space size="small" wrap>
                  <Typography.Text type="secondary">
                    {format.dateTime(entry.occurredAt)}
                  </Typography.Text>
                  {/* The service's colour is the dot's: a tag's text keeps the default contrast. */}
                  <Tag>{t(`timeline.service.${entry.service}` as MessageKey)}</Tag>
                  <Typography.Text strong>
                    {t(`timeline.type.${entry.type}` as MessageKey) ?? entry.type}
                  </Typography.Text>
                  {entry.summary && <Typography.Text>{entry.summary}</Typography.Text>}
                  {entry.link && (
                    <Typography.Text type="secondary" copyable={{ text: entry.link.id }}>
                      {entry.link.id.slice(0, 8)}
                    </Typography.Text>
                  )}
                </Space>
              </div>
            ),
          }))}
        />
      )}
      {timeline.hasNextPage && (
        <Button onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
          {t('customer360.timelineMore')}
        </Button>
      )}
    </Card>
  );
}
