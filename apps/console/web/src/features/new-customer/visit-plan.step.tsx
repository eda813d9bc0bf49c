import { useState } from 'react';
import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { LogVisit } from '@console/features/reps-day/log-visit.dialog';
import type { VisitPlanRow } from '@console/features/reps-day/reps-day.queries';
import { monthIn } from '@console/shared/format/calendar';
import { useI18n } from '@console/shared/i18n/i18n';
import { useNewCustomerPlan } from './new-customer.queries';

/** Step 3: this month's visits the new customer's tier requires, on the days the plan proposes. */
export function VisitPlanStep({
  customerId,
  ownerId,
}: {
  readonly customerId: string;
  readonly ownerId: string;
}) {
  const { t, timeZone } = useI18n();
  const navigate = useNavigate();
  const plan = useNewCustomerPlan(monthIn(timeZone), customerId, ownerId);
  const row = plan.data?.rows.find((entry) => entry.customerId === customerId);
  const [logging, setLogging] = useState<{ row: VisitPlanRow; day: string } | undefined>();
  if (!row) return <Alert type="info" showIcon message={t('newCustomer.planPending')} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="new-plan">
      <Typography.Paragraph>
        {t('newCustomer.planIntro')} {row.tier} · {t('reps.required')} {row.required} ·{' '}
        {t('reps.planned')} {row.planned}
      </Typography.Paragraph>
      <List
        bordered
        dataSource={[...row.proposedDates]}
        locale={{ emptyText: t('newCustomer.planComplete') }}
        renderItem={(day) => (
          <List.Item
            actions={[
              <Button key="plan" onClick={() => setLogging({ row, day })}>
                {t('newCustomer.planVisit')}
              </Button>,
            ]}
          >
            {day}
            {row.phoneCallAllowed && (
              <Tag style={{ marginInlineStart: 8 }}>{t('board.byPhone')}</Tag>
            )}
          </List.Item>
        )}
      />
      <Button type="primary" onClick={() => navigate('/visit-board')}>
        {t('newCustomer.done')}
      </Button>
      {logging && (
        <LogVisit
          row={logging.row}
          plannedDate={logging.day}
          onDone={() => setLogging(undefined)}
        />
      )}
    </Space>
  );
}
