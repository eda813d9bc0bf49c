import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useNavigate } from 'react-router';
import { LogVisit } from '@console/features/reps-day/log-visit.dialog';
import type { VisitPlanRow } from '@console/features/reps-day/reps-day.queries';
import type { Contact } from '@console/features/customer-360/customer-360.queries';
import { showProblemAtFields } from '@console/shared/api/problem-fields';
import { hasRole, type SessionView } from '@console/shared/api/session';
import { monthIn } from '@console/shared/format/calendar';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { TableRegion } from '@console/shared/ui/table-region';
import {
  BUYING_ROLE_FOCUSES,
  BUYING_ROLES,
  CARD_FIELDS,
  CONTACT_FIELDS,
  CUSTOMER_NATURES,
  CUSTOMER_SOURCES,
  useAddContact,
  useCustomerCardOf,
  useDuplicateCheck,
  useNewCustomerPlan,
  useRegisterCustomer,
  type CardFields,
  type ContactFields,
  type IdentifyingFields,
} from './new-customer.queries';

/** A value that settles: the duplicate check asks once the user pauses typing. */
function useSettled<T>(value: T, delayMs = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

const optionsOf = (values: readonly string[], prefix: string, t: (key: MessageKey) => string) =>
  values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));

/** Step 1: the card, with the customers it may duplicate shown before it is saved. */
function CardStep({
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
function ContactsStep({
  customerId,
  onNext,
}: {
  readonly customerId: string;
  readonly onNext: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactFields>();
  const add = useAddContact(customerId);
  const card = useCustomerCardOf(customerId);
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form<ContactFields>
        form={form}
        layout="vertical"
        onFinish={async (contact) => {
          setProblem(undefined);
          try {
            await add.mutateAsync({ idempotencyKey: crypto.randomUUID(), contact });
            message.success(t('newCustomer.contactAdded'));
            form.resetFields();
          } catch (error) {
            setProblem(showProblemAtFields(form, error, CONTACT_FIELDS));
          }
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="name"
              label={t('newCustomer.contactName')}
              rules={[{ required: true }]}
            >
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="title" label={t('newCustomer.contactTitle')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="buyingRole" label={t('newCustomer.buyingRole')}>
              <Select
                allowClear
                aria-label={t('newCustomer.buyingRole')}
                options={optionsOf(BUYING_ROLES, 'newCustomer.buyingRole', t)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="buyingRoleFocus" label={t('newCustomer.buyingRoleFocus')}>
              <Select
                allowClear
                aria-label={t('newCustomer.buyingRoleFocus')}
                options={optionsOf(BUYING_ROLE_FOCUSES, 'newCustomer.focus', t)}
              />
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
            <Form.Item name="birthday" label={t('newCustomer.birthday')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        {problem && <Alert type="error" message={problem} style={{ marginBottom: 16 }} />}
        <Space wrap>
          <Button htmlType="submit" loading={add.isPending}>
            {t('newCustomer.addContact')}
          </Button>
          <Button type="primary" onClick={onNext}>
            {t('newCustomer.toVisitPlan')}
          </Button>
        </Space>
      </Form>
      <TableRegion label={t('newCustomer.contacts')}>
        <Table<Contact>
          rowKey="contactId"
          size="small"
          pagination={false}
          loading={card.isPending}
          dataSource={card.data ? [...card.data.contacts] : []}
          columns={[
            { title: t('newCustomer.contactName'), dataIndex: 'name' },
            { title: t('newCustomer.contactTitle'), dataIndex: 'title' },
            {
              title: t('newCustomer.buyingRole'),
              dataIndex: 'buyingRole',
              render: (role: string | undefined) =>
                role ? t(`newCustomer.buyingRole.${role}` as MessageKey) : '—',
            },
            { title: t('newCustomer.phone'), dataIndex: 'phone' },
          ]}
        />
      </TableRegion>
    </Space>
  );
}

/** Step 3: this month's visits the new customer's tier requires, on the days the plan proposes. */
function VisitPlanStep({
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
          onDone={() => {
            setLogging(undefined);
            void plan.refetch();
          }}
        />
      )}
    </Space>
  );
}

/**
 * A new customer in the order the material teaches: the card (possible duplicates shown before it
 * is saved), then the contacts and their buying roles, then the visit plan.
 */
export function NewCustomerPage({ session }: { readonly session: SessionView }) {
  const { t } = useI18n();
  const [step, setStep] = useState(0);
  const [saved, setSaved] = useState<{ customerId: string; ownerId: string } | undefined>();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.newCustomer')}
      </Typography.Title>
      <Steps
        current={step}
        responsive
        items={[
          { title: t('newCustomer.step.card') },
          { title: t('newCustomer.step.contacts') },
          { title: t('newCustomer.step.visits') },
        ]}
      />
      <Card
        title={
          <h2 className="card-title">
            {t(
              (
                [
                  'newCustomer.step.card',
                  'newCustomer.step.contacts',
                  'newCustomer.step.visits',
                ] as const
              )[step]!,
            )}
          </h2>
        }
      >
        {step === 0 && (
          <CardStep
            session={session}
            onSaved={(customerId, ownerId) => {
              setSaved({ customerId, ownerId });
              setStep(1);
            }}
          />
        )}
        {step === 1 && saved && (
          <ContactsStep customerId={saved.customerId} onNext={() => setStep(2)} />
        )}
        {step === 2 && saved && (
          <VisitPlanStep customerId={saved.customerId} ownerId={saved.ownerId} />
        )}
      </Card>
    </Space>
  );
}
