/** DI token of the ComplaintPolicy built from the app config. */
export const COMPLAINT_POLICY = Symbol('COMPLAINT_POLICY');
