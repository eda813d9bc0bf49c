import { useState } from 'react';
import { apiCall } from '@console/shared/export/export-csv-button';
import { daysAheadIn } from '@console/shared/format/calendar';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { TableCard } from '@console/shared/ui/figure-card';
import {
  GREETINGS_DUE_DAYS,
  GREETINGS_DUE_STATUSES,
  useDueGreetings,
  type Greeting,
} from './reps-day.queries';

/**
 * The greetings of the next days for the contacts of the rep's customers (D9): read only, they go
 * out by themselves; a `task` one is the rep's own word to say, a failed one is for an operator.
 */
export function GreetingsDue() {
  const { t, language, timeZone } = useI18n();
  const format = useFormat();
  const [due] = useState(() => daysAheadIn(timeZone, GREETINGS_DUE_DAYS));
  const greetings = useDueGreetings(due);
  return (
    <TableCard<Greeting>
      title={t('reps.greetings')}
      table="reps.greetings"
      call={apiCall('analytics', '/engagement/greetings', {
        status: GREETINGS_DUE_STATUSES,
        ...due,
        limit: 100,
      })}
      rowKey="greetingId"
      loading={greetings.isPending}
      rows={greetings.data?.items}
      emptyText={t('reps.noGreetings')}
      pagination={false}
      columns={[
        {
          key: 'customer',
          title: t('common.customer'),
          value: (row) => row.customerName ?? row.customerId,
        },
        { key: 'contact', title: t('reps.contact'), value: (row) => row.contact.name },
        {
          key: 'occasion',
          title: t('reps.occasion'),
          // The API names the occasion in Chinese (a public holiday by its own name).
          value: (row) =>
            language === 'zh-CN'
              ? row.occasion.label
              : t(`greeting.occasion.${row.occasion.kind}` as MessageKey),
        },
        { key: 'dueAt', title: t('reps.dueAt'), value: (row) => format.dateTime(row.dueAt) },
        {
          key: 'channel',
          title: t('reps.channel'),
          value: (row) => t(`greeting.channel.${row.channel}` as MessageKey),
        },
        {
          key: 'status',
          title: t('common.status'),
          value: (row) => t(`greeting.status.${row.status}` as MessageKey),
        },
      ]}
    />
  );
}
