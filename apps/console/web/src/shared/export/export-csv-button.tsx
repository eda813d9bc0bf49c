import { useState } from 'react';
import { App, Button } from 'antd';
import { currentCsrfToken } from '@console/shared/api/session';
import { useI18n } from '@console/shared/i18n/i18n';
import { csvDocument, type CsvColumn } from './csv';

export type { CsvColumn };

/**
 * The console call a table's rows came from, as the console's backend audits it:
 * `apiCall('analytics', '/analytics/tiers', { region: 'east' })` → `/api/analytics/analytics/tiers?region=east`.
 */
export const apiCall = (
  service: 'customers' | 'visits' | 'complaints' | 'analytics',
  path: string,
  query: Record<string, string | number | undefined> = {},
): string => {
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([key, value]) =>
      value === undefined ? [] : [[key, String(value)]],
    ),
  ).toString();
  return `/api/${service}${path}${search ? `?${search}` : ''}`;
};

/** Reports the export to the console's backend (audited there); false if it refused. */
async function auditExport(table: string, call: string, rows: number): Promise<boolean> {
  const response = await fetch('/exports', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': currentCsrfToken() },
    body: JSON.stringify({ table, call, rows }),
  });
  return response.ok;
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * Every table the console shows is exported with this button: the rows as the table has them,
 * cells escaped against formula injection, UTF-8 with BOM; audited by the backend first (no audit,
 * no file).
 */
export function ExportCsvButton<TRow>({
  table,
  call,
  columns,
  rows,
  disabled,
}: {
  /** The table's stable name, also the file's: `abc.members` → `abc.members.csv`. */
  readonly table: string;
  /** The console call the rows came from (`apiCall(…)`), for the audit. */
  readonly call: string;
  readonly columns: readonly CsvColumn<TRow>[];
  readonly rows: readonly TRow[] | undefined;
  readonly disabled?: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      data-export={table}
      loading={busy}
      disabled={disabled || !rows}
      onClick={async () => {
        if (!rows) return;
        setBusy(true);
        try {
          if (!(await auditExport(table, call, rows.length))) {
            void message.error(t('common.exportRefused'));
            return;
          }
          download(`${table}.csv`, csvDocument(columns, rows));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('common.exportCsv')}
    </Button>
  );
}
