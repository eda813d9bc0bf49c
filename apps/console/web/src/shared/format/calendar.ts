/** `YYYY-MM-DD` of today in a time zone (the user's: the day the user is living). */
export const todayIn = (timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(new Date());

/** `YYYY-MM` of today in a time zone: the month whose plan a page asks for by default. */
export const monthIn = (timeZone: string): string => todayIn(timeZone).slice(0, 7);
