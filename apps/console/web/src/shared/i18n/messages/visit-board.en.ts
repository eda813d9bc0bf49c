import type { visitBoardZhCN } from './visit-board.zh-CN';

/** The texts of the visit board, in English: the same keys as in Chinese. */
export const visitBoardEn: Record<keyof typeof visitBoardZhCN, string> = {
  'board.byPhone': 'by phone',
  'board.month': 'Month',
  'board.rep': 'Rep',
  'board.allReps': 'All reps',
  'board.compliance': 'Visits by tier (required / planned / completed)',
  'board.customers': 'Customers',
  'board.week1': 'Week 1 (A customers first)',
  'board.week2': 'Week 2',
  'board.week3': 'Week 3',
  'board.week4': 'Week 4',
  'board.week5': 'Week 5',
  'board.onTheWay': 'On the way',
  'board.phoneCalls': 'C customers: a phone call will do',
  'board.logCall': 'Log phone call',
  'board.missing': 'missing',
  'board.proposed': 'Proposed days',
};
