import { useState } from 'react';
import { Card, Steps } from 'antd';
import type { SessionView } from '@console/shared/api/session';
import { useI18n } from '@console/shared/i18n/i18n';
import { cardTitle } from '@console/shared/ui/card-title';
import { ConsolePage } from '@console/shared/ui/console-page';
import { CardStep } from './card.step';
import { ContactsStep } from './contacts.step';
import { VisitPlanStep } from './visit-plan.step';

const STEPS = [
  'newCustomer.step.card',
  'newCustomer.step.contacts',
  'newCustomer.step.visits',
] as const;

/**
 * A new customer in the order the material teaches: the card (possible duplicates shown before it
 * is saved), then the contacts and their buying roles, then the visit plan.
 */
export function NewCustomerPage({ session }: { readonly session: SessionView }) {
  const { t } = useI18n();
  const [step, setStep] = useState(0);
  const [saved, setSaved] = useState<{ customerId: string; ownerId: string } | undefined>();
  return (
    <ConsolePage title={t('nav.newCustomer')}>
      <Steps current={step} responsive items={STEPS.map((title) => ({ title: t(title) }))} />
      <Card title={cardTitle(t(STEPS[step]!))}>
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
    </ConsolePage>
  );
}
