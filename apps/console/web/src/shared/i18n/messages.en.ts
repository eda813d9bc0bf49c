import { shellEn } from './messages/shell.en';
import { repsDayEn } from './messages/reps-day.en';
import { abcEn } from './messages/abc.en';
import { complaintsEn } from './messages/complaints.en';
import { customer360En } from './messages/customer-360.en';
import { newCustomerEn } from './messages/new-customer.en';
import { dashboardsEn } from './messages/dashboards.en';
import { visitBoardEn } from './messages/visit-board.en';
import type { MessageKey } from './messages.zh-CN';

/** The console's texts in English, one file per feature as in Chinese. */
export const en: Record<MessageKey, string> = {
  ...shellEn,
  ...repsDayEn,
  ...abcEn,
  ...complaintsEn,
  ...customer360En,
  ...newCustomerEn,
  ...dashboardsEn,
  ...visitBoardEn,
};
