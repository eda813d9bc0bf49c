/** DI token of the ComplaintPolicy built from the app config. */
export const COMPLAINT_POLICY = Symbol('COMPLAINT_POLICY');

/** DI token of the complaint's command handler (the only writer of complaint streams). */
export const COMPLAINT_HANDLER = Symbol('COMPLAINT_HANDLER');
