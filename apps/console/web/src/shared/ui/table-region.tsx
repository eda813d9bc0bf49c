import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways at phone width, in a region a keyboard user can focus and
 * scroll (axe: scrollable-region-focusable). While its rows load the region is `aria-busy`:
 * a screen reader waits for them instead of announcing an empty table.
 */
export function TableRegion({
  label,
  busy = false,
  children,
}: {
  readonly label: string;
  readonly busy?: boolean;
  readonly children: ReactNode;
}) {
  return (
    <div className="table-region" role="region" aria-label={label} aria-busy={busy} tabIndex={0}>
      {children}
    </div>
  );
}
