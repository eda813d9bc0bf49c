import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways at phone width, in a region a keyboard user can focus and
 * scroll (axe: scrollable-region-focusable).
 */
export function TableRegion({
  label,
  children,
}: {
  readonly label: string;
  readonly children: ReactNode;
}) {
  return (
    <div className="table-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
