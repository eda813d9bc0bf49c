/** The calendar day (UTC) of an instant: the business date of purchases. */
export const dayOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);
