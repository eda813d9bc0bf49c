import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { showProblemAtFields } from '@console/shared/api/problem-fields';
import { hasRole, type SessionView } from '@console/shared/api/session';
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
import { optionsOf } from './step-options';

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
  const [form] = Form.useForm<CardFields>();
  const register = useRegisterCustomer();
  const [problem, setProblem] = useState<string | undefined>();
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
      onFinish={async (card) => {
        setProblem(undefined);
        try {
          // A fresh key per attempt: a corrected card is a new request, a double click is not.
          const saved = await register.mutateAsync({
            idempotencyKey: crypto.randomUUID(),
            card,
          });
          onSaved(saved.customerId, card.ownerId);
        } catch (error) {
          setProblem(showProblemAtFields(form, error, CARD_FIELDS));
        }
      }}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('newCustomer.name')} rules={[{ required: true }]}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="nature" label={t('newCustomer.nature')} rules={[{ required: true }]}>
            <Select
              aria-label={t('newCustomer.nature')}
              options={optionsOf(CUSTOMER_NATURES, 'newCustomer.nature', t)}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="region" label={t('reps.region')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="city" label={t('newCustomer.city')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="ownerId" label={t('newCustomer.owner')} rules={[{ required: true }]}>
            <Input maxLength={100} disabled={!mayChooseOwner} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="phone" label={t('newCustomer.phone')}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="email" label={t('newCustomer.email')}>
            <Input maxLength={200} inputMode="email" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="taxNumber" label={t('newCustomer.taxNumber')}>
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="industry" label={t('newCustomer.industry')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="source" label={t('newCustomer.source')}>
            <Select
              allowClear
              aria-label={t('newCustomer.source')}
              options={optionsOf(CUSTOMER_SOURCES, 'newCustomer.source', t)}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="expectedAnnualPurchase" label={t('newCustomer.expectedPurchase')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
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
      {problem && <Alert type="error" message={problem} style={{ marginBottom: 16 }} />}
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
