import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  chinesePublicHolidays,
  configuredPublicHolidays,
  holidayYearsSchema,
  type HolidayYears,
  type PublicHolidays,
} from '@crm/calendar';
import { ConfigError } from './load-config';

/**
 * Which public holidays and make-up working days (调休) a service's business calendar knows:
 * `cn` the maintained Chinese data, `none` only the weekly working days; a YAML or JSON file adds
 * years (or replaces them), e.g. next year's as soon as the State Council publishes it.
 */
export const publicHolidaySettings = {
  PUBLIC_HOLIDAYS: z.enum(['cn', 'none']).default('cn'),
  PUBLIC_HOLIDAYS_FILE: z.string().min(1).optional(),
};

/** Reads the holiday file once, at boot: a bad file stops the service, naming the setting. */
export function loadPublicHolidays(config: {
  PUBLIC_HOLIDAYS: 'cn' | 'none';
  PUBLIC_HOLIDAYS_FILE?: string | undefined;
}): PublicHolidays {
  const path = config.PUBLIC_HOLIDAYS_FILE;
  let years: HolidayYears = {};
  if (path !== undefined) {
    let content: unknown;
    try {
      content = parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError([
        `PUBLIC_HOLIDAYS_FILE: cannot read ${path}: ${(error as Error).message}`,
      ]);
    }
    const parsed = holidayYearsSchema.safeParse(content ?? {});
    if (!parsed.success) {
      throw new ConfigError(
        parsed.error.issues.map(
          (issue) => `PUBLIC_HOLIDAYS_FILE: ${path}: ${issue.path.join('.')}: ${issue.message}`,
        ),
      );
    }
    years = parsed.data;
  }
  return config.PUBLIC_HOLIDAYS === 'cn'
    ? chinesePublicHolidays(years)
    : configuredPublicHolidays(years);
}
