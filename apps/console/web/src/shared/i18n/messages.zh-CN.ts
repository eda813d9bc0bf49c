import { shellZhCN } from './messages/shell.zh-CN';
import { repsDayZhCN } from './messages/reps-day.zh-CN';
import { abcZhCN } from './messages/abc.zh-CN';
import { complaintsZhCN } from './messages/complaints.zh-CN';
import { customer360ZhCN } from './messages/customer-360.zh-CN';
import { newCustomerZhCN } from './messages/new-customer.zh-CN';
import { dashboardsZhCN } from './messages/dashboards.zh-CN';
import { visitBoardZhCN } from './messages/visit-board.zh-CN';

/** The console's texts in Simplified Chinese, the first language (one file per feature); en must have every key. */
export const zhCN = {
  ...shellZhCN,
  ...repsDayZhCN,
  ...abcZhCN,
  ...complaintsZhCN,
  ...customer360ZhCN,
  ...newCustomerZhCN,
  ...dashboardsZhCN,
  ...visitBoardZhCN,
} as const;

export type MessageKey = keyof typeof zhCN;
