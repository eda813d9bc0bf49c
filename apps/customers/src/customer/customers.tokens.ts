/** The customer aggregate's command handler (the only writer of customer streams). */
export const CUSTOMER_HANDLER = Symbol('CUSTOMER_HANDLER');
