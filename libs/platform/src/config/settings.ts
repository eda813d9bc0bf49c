import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `500ms`, `30s`, `4h`, `3d`: a duration setting, parsed to milliseconds. */
export const durationSetting = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'must be a duration such as 500ms, 30s, 4h or 3d')
  .transform((value) => {
    const [, amount, unit] = /^([\d.]+)(ms|s|m|h|d)$/.exec(value)!;
    return Math.round(Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]);
  });

/** An IANA time zone setting, such as Asia/Shanghai. */
export const timeZoneSetting = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');
