import { useState } from 'react';
import { Card, Space, Steps, Typography } from 'antd';
import type { SessionView } from '@console/shared/api/session';
import { useI18n } from '@console/shared/i18n/i18n';
import { CardStep } from './card.step';
import { ContactsStep } from './contacts.step';
import { VisitPlanStep } from './visit-plan.step';

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
