import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Badge, Button, List, Popover, Typography } from 'antd';
// Type only (erased by the build): the notice as the console's backend sends it.
import type { LiveNotice } from '@console-bff/live-notice';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';

/** How many notices the list keeps (the newest first). */
const KEPT = 50;

/** What each kind of change makes stale: the open page's queries refetch, no reload. */
const staleAfter = (notice: LiveNotice): readonly (readonly unknown[])[] => {
  switch (notice.kind) {
    case 'follow-up':
    case 'greeting':
      return [['follow-ups']];
    case 'tier-changed':
      return [
        ['analytics'],
        ['customers'],
        ['visits'],
        ['customer', notice.customerId],
        ['customer-360', notice.customerId],
        ['tier-history', notice.customerId],
      ];
    case 'sla-breached':
    case 'escalated':
    case 'complaint-step':
      return [['complaints'], ['analytics', 'complaint-kpis']];
  }
};

const refresh = (queryClient: QueryClient, notice: LiveNotice) =>
  Promise.all(staleAfter(notice).map((queryKey) => queryClient.invalidateQueries({ queryKey })));

/** One line for a notice, in the user's language (no personal data: the page shows that). */
const describe = (notice: LiveNotice, t: (key: MessageKey) => string): string => {
  switch (notice.kind) {
    case 'tier-changed':
      return `${t('live.tierChanged')}: ${notice.previousTier ?? '—'} → ${notice.tier}`;
    case 'sla-breached':
      return `${t('live.slaBreached')}: ${notice.complaintId}`;
    case 'escalated':
      return `${t('live.escalated')} (${notice.level}): ${notice.complaintId}`;
    case 'follow-up':
      return notice.status === 'due' ? t('live.followUpDue') : t('live.followUpScheduled');
    case 'greeting':
      return t('live.greetingScheduled');
    case 'complaint-step':
      return `${
        notice.step === 'record' ? t('live.complaintRecorded') : t(`complaints.step.${notice.step}`)
      }: ${notice.complaintId}`;
  }
};

/**
 * Listens to the console's `GET /live` (server-sent events over the session cookie; the browser
 * reconnects by itself) while signed in: each notice refreshes the queries it makes stale and
 * joins the list, once even when the stream redelivers it.
 */
export function useLiveNotices(): readonly LiveNotice[] {
  const queryClient = useQueryClient();
  const [notices, setNotices] = useState<readonly LiveNotice[]>([]);
  useEffect(() => {
    const source = new EventSource('/live');
    source.addEventListener('notice', (message) => {
      const notice = JSON.parse((message as MessageEvent<string>).data) as LiveNotice;
      setNotices((kept) =>
        kept.some((seen) => seen.id === notice.id) ? kept : [notice, ...kept].slice(0, KEPT),
      );
      void refresh(queryClient, notice);
    });
    return () => source.close();
  }, [queryClient]);
  return notices;
}

/** The bell in the header: how many changes arrived, and the list of them. */
export function LiveNoticesBell() {
  const { t } = useI18n();
  const format = useFormat();
  const notices = useLiveNotices();
  const [seen, setSeen] = useState(0);
  const unseen = Math.max(0, notices.length - seen);
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      onOpenChange={(open) => open && setSeen(notices.length)}
      title={t('live.title')}
      content={
        // The list scrolls when long: a region a keyboard user can focus and scroll (axe:
        // scrollable-region-focusable).
        <div
          className="live-notices"
          role="region"
          aria-label={t('live.title')}
          tabIndex={0}
          style={{ width: 'min(360px, 80vw)', maxHeight: 400, overflow: 'auto' }}
        >
          <List
            data-testid="live-notices"
            size="small"
            locale={{ emptyText: t('live.none') }}
            dataSource={[...notices]}
            renderItem={(notice) => (
              <List.Item key={notice.id}>
                <List.Item.Meta
                  title={describe(notice, t)}
                  description={
                    <Typography.Text type="secondary">{format.dateTime(notice.at)}</Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        </div>
      }
    >
      {/* A darker red than the default: its white figure at 4.5:1 (axe color-contrast). */}
      <Badge count={unseen} size="small" overflowCount={49} color="#b3261e">
        <Button data-testid="live-bell" aria-label={`${t('live.title')} (${unseen})`}>
          {t('live.title')}
        </Button>
      </Badge>
    </Popover>
  );
}
