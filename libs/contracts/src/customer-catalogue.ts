/**
 * The D1 lists the customers service validates against and the console offers (natures, sources,
 * buying roles and their focus): pure constants, so the console's bundle can share them without zod.
 */
export const CUSTOMER_NATURES = [
  'government',
  'special_company',
  'ordinary_company',
  'business_partner',
  'individual',
] as const;
export const CUSTOMER_SOURCES = [
  'referral',
  'exhibition',
  'phone',
  'mail',
  'meeting',
  'consulting',
] as const;
export const BUYING_ROLES = [
  'initiator',
  'influencer',
  'decider',
  'buyer',
  'user',
  'gatekeeper',
] as const;
export const BUYING_ROLE_FOCUSES = ['technical', 'financial'] as const;
