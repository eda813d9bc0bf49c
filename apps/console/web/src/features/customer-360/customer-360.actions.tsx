import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { DateTime } from 'luxon';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { FormDialog } from '@console/shared/forms/form-dialog';
import { CodeSelect } from '@console/shared/forms/form-grid';
import { todayIn } from '@console/shared/format/calendar';
import { useI18n } from '@console/shared/i18n/i18n';
import { OPPORTUNITY_STAGES } from '@crm/contracts/visit-catalogue';
import {
  useOpenOpportunity,
  useRecordPurchase,
  useRedeemPoints,
  type CustomerCard,
} from './customer-360.queries';

/** ISO 4217 codes the browser knows (the services check the code and its decimals again). */
const CURRENCIES = Intl.supportedValuesOf('currency').map((code) => ({ value: code, label: code }));

/** A decimal amount as the rep types it; the service checks the currency's decimals (ADR 90). */
const AMOUNT = /^\d{1,13}(\.\d{1,4})?$/;

/** What the actions read of the customer's card (the company currency: what a form proposes). */
type Customer = Pick<
  CustomerCard,
  'customerId' | 'name' | 'revenue' | 'pointsBalance' | 'vouchers'
>;

interface OpportunityValues {
  title: string;
  amount: string;
  currency: string;
  expectedCloseDate: string;
  stage: (typeof OPPORTUNITY_STAGES)[number];
}

function OpenOpportunity({
  customer,
  onClose,
}: {
  readonly customer: Customer;
  readonly onClose: () => void;
}) {
  const { t, timeZone } = useI18n();
  const open = useOpenOpportunity();
  return (
    <FormDialog<OpportunityValues>
      action={t('customer360.openOpportunity')}
      subject={customer.name}
      fields={['title', 'amount', 'currency', 'expectedCloseDate', 'stage']}
      initialValues={{
        currency: customer.revenue.currency,
        stage: 'lead',
        expectedCloseDate: todayIn(timeZone),
      }}
      sending={open.isPending}
      done={t('customer360.opportunityOpened')}
      onClose={onClose}
      send={(values, idempotencyKey) =>
        open.mutateAsync({
          idempotencyKey,
          customerId: customer.customerId,
          ...values,
        })
      }
    >
      <Form.Item name="title" label={t('customer360.opportunity')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <AmountFields />
      <Form.Item
        name="expectedCloseDate"
        label={t('customer360.expectedClose')}
        rules={[{ required: true }]}
      >
        <Input type="date" />
      </Form.Item>
      <Form.Item name="stage" label={t('dash.stage')} rules={[{ required: true }]}>
        <CodeSelect codes={OPPORTUNITY_STAGES} prefix="dash.stage" label={t('dash.stage')} />
      </Form.Item>
    </FormDialog>
  );
}

interface PurchaseValues {
  amount: string;
  currency: string;
  occurredAt: string;
  productLine: string;
  orderReference: string;
  voucherId?: string;
}

/** `2026-12-01T09:30` as the user's time zone reads it → an RFC 3339 instant with its offset. */
const instantOf = (local: string, timeZone: string): string =>
  DateTime.fromISO(local, { zone: timeZone }).toISO({ suppressMilliseconds: true }) ?? local;

function RecordPurchase({
  customer,
  onClose,
}: {
  readonly customer: Customer;
  readonly onClose: () => void;
}) {
  const { t, timeZone } = useI18n();
  const record = useRecordPurchase();
  const openVouchers = customer.vouchers.filter((voucher) => voucher.usedOn === undefined);
  return (
    <FormDialog<PurchaseValues>
      action={t('customer360.recordPurchase')}
      subject={customer.name}
      fields={['amount', 'currency', 'occurredAt', 'productLine', 'orderReference', 'voucherId']}
      initialValues={{
        currency: customer.revenue.currency,
        // Now, to the minute, as the user's clock reads it (a purchase may not lie in the future).
        occurredAt: DateTime.now().setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm"),
      }}
      sending={record.isPending}
      done={t('customer360.purchaseRecorded')}
      onClose={onClose}
      send={(values, idempotencyKey) =>
        record.mutateAsync({
          idempotencyKey,
          customerId: customer.customerId,
          ...values,
          occurredAt: instantOf(values.occurredAt, timeZone),
          sourceSystem: 'console',
        })
      }
    >
      <AmountFields />
      <Form.Item name="occurredAt" label={t('customer360.occurredAt')} rules={[{ required: true }]}>
        <Input type="datetime-local" />
      </Form.Item>
      <Form.Item
        name="productLine"
        label={t('customer360.productLine')}
        rules={[{ required: true }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="orderReference"
        label={t('customer360.orderReference')}
        extra={t('customer360.orderReferenceHint')}
        rules={[{ required: true }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      {openVouchers.length > 0 && (
        <Form.Item
          name="voucherId"
          label={t('customer360.voucher')}
          extra={t('customer360.voucherHint')}
        >
          <Select
            aria-label={t('customer360.voucher')}
            allowClear
            options={openVouchers.map((voucher) => ({
              value: voucher.voucherId,
              label: voucher.voucher,
            }))}
          />
        </Form.Item>
      )}
    </FormDialog>
  );
}

interface RedeemValues {
  points: number;
  voucher: string;
}

/** D11: points for a service voucher, never more than the balance (the service checks again). */
function RedeemPoints({
  customer,
  onClose,
}: {
  readonly customer: Customer;
  readonly onClose: () => void;
}) {
  const { t } = useI18n();
  const redeem = useRedeemPoints();
  return (
    <FormDialog<RedeemValues>
      action={t('customer360.redeemPoints')}
      subject={customer.name}
      fields={['points', 'voucher']}
      sending={redeem.isPending}
      done={t('customer360.pointsRedeemed')}
      onClose={onClose}
      send={(values, idempotencyKey) =>
        redeem.mutateAsync({ idempotencyKey, customerId: customer.customerId, ...values })
      }
    >
      <Form.Item
        name="points"
        label={t('customer360.redeemedPoints')}
        extra={`${t('customer360.points')}: ${customer.pointsBalance}`}
        rules={[{ required: true }]}
      >
        <InputNumber min={1} max={customer.pointsBalance} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="voucher"
        label={t('customer360.voucherService')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}

/** The amount as typed (exact: a decimal string) and its currency. */
function AmountFields() {
  const { t } = useI18n();
  return (
    <Space.Compact block>
      <Form.Item
        name="amount"
        label={t('dash.amount')}
        style={{ flex: 1 }}
        rules={[{ required: true }, { pattern: AMOUNT, message: t('customer360.amountFormat') }]}
      >
        <Input inputMode="decimal" placeholder="12800.50" />
      </Form.Item>
      <Form.Item name="currency" label={t('dash.currency')} rules={[{ required: true }]}>
        <Select
          aria-label={t('dash.currency')}
          showSearch
          options={CURRENCIES}
          style={{ width: 110 }}
        />
      </Form.Item>
    </Space.Compact>
  );
}

/** What a seller does from the customer's page: record a purchase, open an opportunity, redeem points. */
export function CustomerActions({
  customer,
  session,
}: {
  readonly customer: Customer;
  readonly session: SessionView;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<'purchase' | 'opportunity' | 'redeem' | undefined>();
  const may = {
    purchase: mayCall(session, 'POST customers /customers/{id}/purchases'),
    opportunity: mayCall(session, 'POST visits /opportunities'),
    redeem: mayCall(session, 'POST customers /customers/{id}/points/redeem'),
  };
  if (!may.purchase && !may.opportunity && !may.redeem) return null;
  return (
    <Space wrap>
      {may.purchase && (
        <Button onClick={() => setOpen('purchase')}>{t('customer360.recordPurchase')}</Button>
      )}
      {may.opportunity && (
        <Button onClick={() => setOpen('opportunity')}>{t('customer360.openOpportunity')}</Button>
      )}
      {open === 'purchase' && (
        <RecordPurchase customer={customer} onClose={() => setOpen(undefined)} />
      )}
      {may.redeem && (
        <Button disabled={customer.pointsBalance < 1} onClick={() => setOpen('redeem')}>
          {t('customer360.redeemPoints')}
        </Button>
      )}
      {open === 'opportunity' && (
        <OpenOpportunity customer={customer} onClose={() => setOpen(undefined)} />
      )}
      {open === 'redeem' && <RedeemPoints customer={customer} onClose={() => setOpen(undefined)} />}
    </Space>
  );
}
