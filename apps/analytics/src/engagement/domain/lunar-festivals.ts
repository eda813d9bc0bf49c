import { Lunar } from 'lunar-typescript';

export const LUNAR_FESTIVALS = ['spring_festival', 'dragon_boat', 'mid_autumn'] as const;
export type LunarFestival = (typeof LUNAR_FESTIVALS)[number];

/** Lunar month and day of each festival: 正月初一, 五月初五, 八月十五. */
const LUNAR_DATES: Record<LunarFestival, { month: number; day: number }> = {
  spring_festival: { month: 1, day: 1 },
  dragon_boat: { month: 5, day: 5 },
  mid_autumn: { month: 8, day: 15 },
};

/** The Gregorian date (YYYY-MM-DD) of a festival in the lunar year that starts in `year`. */
export function festivalDate(festival: LunarFestival, year: number): string {
  const { month, day } = LUNAR_DATES[festival];
  return Lunar.fromYmd(year, month, day).getSolar().toYmd();
}
