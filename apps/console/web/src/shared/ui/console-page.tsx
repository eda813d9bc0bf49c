import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';

/** A page of the console: its one level-1 heading, then its cards one below the other. */
export function ConsolePage({
  title,
  children,
}: {
  readonly title: string;
  readonly children: ReactNode;
}) {
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </Space>
  );
}
