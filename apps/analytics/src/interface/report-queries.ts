import { z } from 'zod';

/**
 * Who reads the company's figures (tiers, lifecycle stages, the funnel, visit compliance,
 * satisfaction), each within their scope: an admin, an analyst, a supervisor, a sales manager.
 */
export const FIGURE_READERS = ['admin', 'analyst', 'supervisor', 'sales_manager'] as const;

/** A calendar month in a report's query. */
export const calendarMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
