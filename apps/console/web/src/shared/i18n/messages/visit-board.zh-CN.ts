/** The texts of the visit board, in Simplified Chinese. */
export const visitBoardZhCN = {
  'board.byPhone': '可电话拜访',
  'board.month': '月份',
  'board.rep': '业务员',
  'board.allReps': '全部业务员',
  'board.compliance': '按等级的拜访达成（要求 / 已计划 / 已完成）',
  'board.customers': '客户数',
  'board.week1': '第 1 周（A 类客户优先）',
  'board.week2': '第 2 周',
  'board.week3': '第 3 周',
  'board.week4': '第 4 周',
  'board.week5': '第 5 周',
  'board.onTheWay': '顺路拜访',
  'board.phoneCalls': 'C 类客户：可电话拜访',
  'board.logCall': '记录电话拜访',
  'board.missing': '尚缺',
  'board.proposed': '建议日期',
} as const;
