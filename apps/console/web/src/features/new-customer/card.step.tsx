import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  List,
  Space,
  Tag,
  Typography,
} from 'antd';
import { hasRole, type SessionView } from '@console/shared/api/session';
import { CodeField, FormGrid, GridField } from '@console/shared/forms/form-grid';
import { ProblemAlert, useRequestForm } from '@console/shared/forms/request-form';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import {
  CARD_FIELDS,
  CUSTOMER_NATURES,
  CUSTOMER_SOURCES,
  useDuplicateCheck,
  useRegisterCustomer,
  type CardFields,
  type IdentifyingFields,
} from './new-customer.queries';
import { ReachFields } from './reach-fields';

/** A value that settles: the duplicate check asks once the user pauses typing. */
function useSettled<T>(value: T, delayMs = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** Step 1: the card, with the customers it may duplicate shown before it is saved. */
export function CardStep({
  session,
  onSaved,
}: {
  readonly session: SessionView;
  readonly onSaved: (customerId: string, ownerId: string) => void;
}) {
  const { t } = useI18n();
  const register = useRegisterCustomer();
  const { form, send, problem } = useRequestForm<CardFields>(CARD_FIELDS);
  const [notDuplicate, setNotDuplicate] = useState(false);
  const identifying: Partial<IdentifyingFields> = {
    name: Form.useWatch('name', form),
    phone: Form.useWatch('phone', form),
    email: Form.useWatch('email', form),
    taxNumber: Form.useWatch('taxNumber', form),
  };
  const duplicates = useDuplicateCheck(useSettled(identifying));
  const found = duplicates.data?.items ?? [];
  const mayChooseOwner = hasRole(session, 'admin', 'sales_manager');
  return (
    <Form<CardFields>
      form={form}
      layout="vertical"
      initialValues={{
        nature: 'ordinary_company',
        region: session.user?.region,
        ownerId: session.user?.userId,
      }}
      onFinish={(card) =>
        send(async (idempotencyKey) => {
          const saved = await register.mutateAsync({ idempotencyKey, card });
          onSaved(saved.customerId, card.ownerId);
        })
      }
    >
      <FormGrid>
        <GridField name="name" label={t('newCustomer.name')} md={12} required>
          <Input maxLength={200} autoComplete="off" />
        </GridField>
        <CodeField
          name="nature"
          label={t('newCustomer.nature')}
          codes={CUSTOMER_NATURES}
          prefix="newCustomer.nature"
          md={12}
          required
        />
        <GridField name="region" label={t('reps.region')} required>
          <Input maxLength={100} />
        </GridField>
        <GridField name="city" label={t('newCustomer.city')}>
          <Input maxLength={100} />
        </GridField>
        <GridField name="ownerId" label={t('newCustomer.owner')} required>
          <Input maxLength={100} disabled={!mayChooseOwner} />
        </GridField>
        <ReachFields />
        <GridField name="taxNumber" label={t('newCustomer.taxNumber')}>
          <Input maxLength={30} />
        </GridField>
        <GridField name="industry" label={t('newCustomer.industry')}>
          <Input maxLength={100} />
        </GridField>
        <CodeField
          name="source"
          label={t('newCustomer.source')}
          codes={CUSTOMER_SOURCES}
          prefix="newCustomer.source"
          allowClear
        />
        <GridField name="expectedAnnualPurchase" label={t('newCustomer.expectedPurchase')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </GridField>
      </FormGrid>
      {found.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="possible-duplicates"
          message={t('newCustomer.duplicates')}
          description={
            <List
              size="small"
              dataSource={[...found]}
              renderItem={(duplicate) => (
                <List.Item>
                  <Space wrap>
                    <Typography.Text strong>{duplicate.name}</Typography.Text>
                    <span>
                      {duplicate.region} · {duplicate.ownerId}
                    </span>
                    {duplicate.matchedOn.map((field) => (
                      <Tag key={field}>{t(`newCustomer.matchedOn.${field}` as MessageKey)}</Tag>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {found.length > 0 && (
        <Form.Item>
          <Checkbox
            checked={notDuplicate}
            onChange={(event) => setNotDuplicate(event.target.checked)}
          >
            {t('newCustomer.notDuplicate')}
          </Checkbox>
        </Form.Item>
      )}
      <ProblemAlert problem={problem} />
      <Button
        type="primary"
        htmlType="submit"
        loading={register.isPending}
        disabled={found.length > 0 && !notDuplicate}
      >
        {t('newCustomer.saveCard')}
      </Button>
    </Form>
  );
}

/** Step 2: the people at the customer and their part in buying (D1's buying center). */
