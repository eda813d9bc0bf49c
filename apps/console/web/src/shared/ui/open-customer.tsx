import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '@console/shared/i18n/i18n';
import type { FigureColumn } from './figure-table';

/** Opens the customer's 360 page (the id travels in the router's state, never in the URL). */
export function OpenCustomer({
  customerId,
  label,
}: {
  readonly customerId: string;
  readonly label: string;
}) {
  const navigate = useNavigate();
  const { t } = useI18n();
  return (
    <Button
      size="small"
      aria-label={`${t('common.open')} · ${label}`}
      onClick={() => navigate('/customer-360', { state: { customerId } })}
    >
      {t('common.open')}
    </Button>
  );
}

/** A figure table's column of buttons opening each row's customer 360 (not exported). */
export function openCustomerColumn<TRow extends { readonly customerId: string }>(
  title: string,
  label: (row: TRow) => string,
): FigureColumn<TRow> {
  return {
    key: 'open',
    title,
    render: (row) => <OpenCustomer customerId={row.customerId} label={label(row)} />,
  };
}
