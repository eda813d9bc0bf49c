import { useMemo } from 'react';
import { useI18n } from '@console/shared/i18n/i18n';

/**
 * Dates, numbers and money in the user's locale and time zone. Money arrives from the APIs as a
 * decimal string or a number and is shown, never computed: Intl formats strings without going
 * through a float, so amounts far beyond 2^53 keep every digit.
 */
export function useFormat() {
  const { locale, timeZone } = useI18n();
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    const number = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const money = (currency: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency });
    return {
      dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—'),
      date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : '—'),
      number: (value: number | null | undefined) => (value == null ? '—' : number.format(value)),
      percent: (share: number | null | undefined) => (share == null ? '—' : percent.format(share)),
      /** Always in a currency the API named: amounts of different currencies never mix. */
      money: (amount: string | number | null | undefined, currency: string | undefined) =>
        amount == null || currency === undefined
          ? '—'
          : money(currency).format(amount as unknown as number),
    };
  }, [locale, timeZone]);
}
