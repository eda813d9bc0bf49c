import { Form, Input } from 'antd';
import { FormDialog } from '@console/shared/forms/form-dialog';
import { CodeSelect } from '@console/shared/forms/form-grid';
import { todayIn } from '@console/shared/format/calendar';
import { useI18n } from '@console/shared/i18n/i18n';
import { VISIT_CHANNELS } from '@crm/contracts/visit-catalogue';
import { useLogVisit, type VisitChannel, type VisitPlanRow } from './reps-day.queries';

/** Logs a visit to a customer of the plan, for today unless the rep picks another day. */
export function LogVisit({
  row,
  plannedDate,
  onDone,
}: {
  readonly row: Pick<VisitPlanRow, 'customerId' | 'customerName' | 'phoneCallAllowed'>;
  /** The day the dialog proposes (the plan's proposed day); today when none. */
  readonly plannedDate?: string | undefined;
  readonly onDone: () => void;
}) {
  const { t, timeZone } = useI18n();
  const log = useLogVisit();
  return (
    <FormDialog<{ plannedDate: string; channel: VisitChannel; purpose: string }>
      action={t('reps.logVisit')}
      subject={row.customerName}
      fields={['plannedDate', 'channel', 'purpose']}
      initialValues={{
        plannedDate: plannedDate ?? todayIn(timeZone),
        channel: row.phoneCallAllowed ? 'phone' : 'face_to_face',
      }}
      sending={log.isPending}
      done={t('reps.visitLogged')}
      onClose={onDone}
      send={(values, idempotencyKey) =>
        log.mutateAsync({ idempotencyKey, customerId: row.customerId, timeZone, ...values })
      }
    >
      <Form.Item name="plannedDate" label={t('reps.plannedDate')} rules={[{ required: true }]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="channel" label={t('reps.visitChannel')} rules={[{ required: true }]}>
        <CodeSelect
          codes={VISIT_CHANNELS}
          prefix="reps.visitChannel"
          label={t('reps.visitChannel')}
        />
      </Form.Item>
      <Form.Item name="purpose" label={t('reps.purpose')} rules={[{ required: true }]}>
        <Input.TextArea maxLength={1000} rows={2} />
      </Form.Item>
    </FormDialog>
  );
}
