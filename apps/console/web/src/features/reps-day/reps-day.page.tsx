import { useState } from 'react';
import { Button, Form, Input, InputNumber } from 'antd';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { apiCall } from '@console/shared/export/export-csv-button';
import { FormDialog } from '@console/shared/forms/form-dialog';
import { CodeSelect } from '@console/shared/forms/form-grid';
import { monthIn } from '@console/shared/format/calendar';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { ConsolePage } from '@console/shared/ui/console-page';
import { TableCard } from '@console/shared/ui/figure-card';
import { useComplianceColumns } from './compliance.columns';
import { GreetingsDue } from './greetings-due.card';
import { LogVisit } from './log-visit.dialog';
import {
  FOLLOW_UP_OUTCOMES,
  useCompleteFollowUp,
  useCompleteVisit,
  useDueFollowUps,
  useMonthVisits,
  useMyCustomers,
  useVisitPlan,
  type CustomerListItem,
  type FollowUp,
  type FollowUpOutcome,
  type VisitListItem,
  type VisitPlanRow,
} from './reps-day.queries';

/** Completes a visit with its outcome and the customer's feedback (D4). */
function CompleteVisit({
  visit,
  onDone,
}: {
  readonly visit: VisitListItem;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const complete = useCompleteVisit();
  return (
    <FormDialog<{ outcome: string; feedbackScore: number }>
      action={t('reps.completeVisit')}
      fields={['outcome', 'feedbackScore']}
      sending={complete.isPending}
      done={t('reps.visitCompleted')}
      onClose={onDone}
      send={(values) => complete.mutateAsync({ visitId: visit.visitId, ...values })}
    >
      <Form.Item name="outcome" label={t('reps.visitOutcome')} rules={[{ required: true }]}>
        <Input.TextArea maxLength={4000} rows={3} />
      </Form.Item>
      <Form.Item name="feedbackScore" label={t('reps.feedbackScore')} rules={[{ required: true }]}>
        <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </FormDialog>
  );
}

function CompleteFollowUp({
  followUp,
  onDone,
}: {
  readonly followUp: FollowUp;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const complete = useCompleteFollowUp();
  return (
    <FormDialog<{ outcome: FollowUpOutcome; satisfactionScore?: number; note?: string }>
      action={t('reps.complete')}
      fields={['outcome', 'satisfactionScore', 'note']}
      initialValues={{ outcome: 'reached' }}
      sending={complete.isPending}
      done={t('reps.completed')}
      onClose={onDone}
      send={(values) =>
        complete.mutateAsync({
          followUpId: followUp.followUpId,
          outcome: values.outcome,
          ...(values.satisfactionScore ? { satisfactionScore: values.satisfactionScore } : {}),
          ...(values.note ? { note: values.note } : {}),
        })
      }
    >
      <Form.Item name="outcome" label={t('reps.outcome')} rules={[{ required: true }]}>
        <CodeSelect codes={FOLLOW_UP_OUTCOMES} prefix="reps.outcome" label={t('reps.outcome')} />
      </Form.Item>
      <Form.Item name="satisfactionScore" label={t('reps.satisfaction')}>
        <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('reps.note')}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
    </FormDialog>
  );
}

/** A rep's day: follow-ups and greetings due, this month's visits against the tier requirement, my customers. */
export function RepsDayPage({ session }: { readonly session: SessionView }) {
  const { t, timeZone } = useI18n();
  const format = useFormat();
  const followUps = useDueFollowUps();
  const customers = useMyCustomers();
  const month = monthIn(timeZone);
  const plan = useVisitPlan(month, mayCall(session, 'GET visits /visit-plans/{month}'));
  const visits = useMonthVisits(month, mayCall(session, 'GET visits /visits'));
  const mayLogVisit = mayCall(session, 'POST visits /visits');
  const mayCompleteVisit = mayCall(session, 'POST visits /visits/{id}/complete');
  const [completing, setCompleting] = useState<FollowUp | undefined>();
  const [logging, setLogging] = useState<VisitPlanRow | undefined>();
  const [completingVisit, setCompletingVisit] = useState<VisitListItem | undefined>();
  const complianceColumns = useComplianceColumns<VisitPlanRow>();
  const names = new Map(plan.data?.rows.map((row) => [row.customerId, row.customerName]));
  return (
    <ConsolePage title={t('nav.repsDay')}>
      <TableCard<FollowUp>
        title={t('reps.followUps')}
        table="reps.followUps"
        call={apiCall('analytics', '/engagement/follow-ups', { status: 'due', limit: 100 })}
        rowKey="followUpId"
        loading={followUps.isPending}
        rows={followUps.data?.items}
        emptyText={t('reps.noneDue')}
        pagination={false}
        columns={[
          {
            key: 'customer',
            title: t('common.customer'),
            // Analytics names the customer; the plan does while analytics' view lags, else its id.
            value: (row) => row.customerName ?? names.get(row.customerId) ?? row.customerId,
          },
          {
            key: 'reason',
            title: t('reps.reason'),
            value: (row) => t(`followUp.reason.${row.reason}` as MessageKey),
          },
          { key: 'channel', title: t('reps.channel'), value: (row) => row.channel },
          {
            key: 'scheduledFor',
            title: t('reps.scheduledFor'),
            value: (row) => format.dateTime(row.scheduledFor),
          },
          {
            key: 'complete',
            title: t('reps.complete'),
            render: (followUp) => (
              <Button type="primary" onClick={() => setCompleting(followUp)}>
                {t('reps.complete')}
              </Button>
            ),
          },
        ]}
      />
      {mayCall(session, 'GET analytics /engagement/greetings') && <GreetingsDue />}
      {plan.data && (
        <TableCard<VisitPlanRow>
          title={t('reps.visitPlan')}
          table="reps.visitPlan"
          call={apiCall('visits', `/visit-plans/${month}`)}
          rowKey="customerId"
          rows={plan.data.rows}
          columns={[
            { key: 'name', title: t('reps.name'), value: (row) => row.customerName },
            { key: 'tier', title: t('reps.tier'), value: (row) => row.tier },
            ...complianceColumns,
            ...(mayLogVisit
              ? [
                  {
                    key: 'log',
                    title: t('reps.logVisit'),
                    render: (row: VisitPlanRow) => (
                      <Button onClick={() => setLogging(row)}>{t('reps.logVisit')}</Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {visits.data && (
        <TableCard<VisitListItem>
          title={t('reps.visits')}
          table="reps.visits"
          call={apiCall('visits', '/visits', { month, limit: 100 })}
          rowKey="visitId"
          rows={visits.data.items}
          columns={[
            {
              key: 'name',
              title: t('reps.name'),
              value: (visit) => names.get(visit.customerId) ?? visit.customerId,
            },
            {
              key: 'plannedDate',
              title: t('reps.plannedDate'),
              value: (visit) => visit.plannedDate,
            },
            {
              key: 'channel',
              title: t('reps.visitChannel'),
              value: (visit) => t(`reps.visitChannel.${visit.channel}` as MessageKey),
            },
            { key: 'purpose', title: t('reps.purpose'), value: (visit) => visit.purpose },
            { key: 'status', title: t('common.status'), value: (visit) => visit.status },
            {
              key: 'complete',
              title: t('reps.completeVisit'),
              render: (visit) =>
                visit.status === 'planned' && mayCompleteVisit ? (
                  <Button onClick={() => setCompletingVisit(visit)}>
                    {t('reps.completeVisit')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      <TableCard<CustomerListItem>
        title={t('reps.myCustomers')}
        table="reps.myCustomers"
        call={apiCall('customers', '/customers', { limit: 100 })}
        rowKey="customerId"
        loading={customers.isPending}
        rows={customers.data?.items}
        columns={[
          { key: 'name', title: t('reps.name'), value: (row) => row.name },
          { key: 'region', title: t('reps.region'), value: (row) => row.region },
          { key: 'tier', title: t('reps.tier'), value: (row) => row.tier },
          {
            key: 'lifecycle',
            title: t('reps.lifecycle'),
            value: (row) => (row.lifecycle ? t(`lifecycle.${row.lifecycle}` as MessageKey) : null),
          },
        ]}
      />
      {completing && (
        <CompleteFollowUp followUp={completing} onDone={() => setCompleting(undefined)} />
      )}
      {logging && <LogVisit row={logging} onDone={() => setLogging(undefined)} />}
      {completingVisit && (
        <CompleteVisit visit={completingVisit} onDone={() => setCompletingVisit(undefined)} />
      )}
    </ConsolePage>
  );
}
