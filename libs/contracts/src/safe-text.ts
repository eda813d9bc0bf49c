import { z } from 'zod';

/**
 * Text from outside (HTTP bodies, queries, path parameters, headers): the one string type every
 * request schema uses, so a value that reaches a decider, an event or a read model is clean.
 *
 * - Unicode is normalised to NFC, so the same name typed on two keyboards is the same string.
 * - Invisible characters that carry no meaning (zero-width space, word joiner, byte-order mark,
 *   soft hyphen) are stripped: otherwise `A\u200bB` and `AB` defeat duplicate detection.
 * - Control characters (C0 and C1, NUL included; tab and line breaks only in multi-line text),
 *   lone surrogates and bidirectional embedding/override/isolate controls are refused with a 400:
 *   the stores refuse NUL, and bidi controls make a name read differently from what it is.
 * - Leading and trailing white space is trimmed; lengths are counted after all of that.
 * Zero-width (non-)joiners stay: they are part of how emoji and several scripts are written.
 */
const STRIPPED = /[\u00ad\u200b\u2060\ufeff]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_CONTROL = /[\t\n\r]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface SafeTextOptions {
  /** Longest accepted value, in UTF-16 code units after clean-up. */
  readonly max: number;
  /** Shortest accepted value after trimming; 1 unless the empty string means something. */
  readonly min?: number;
  /** Allows tab and line breaks (descriptions, notes); single-line fields refuse them. */
  readonly multiline?: boolean;
}

/** Why a raw string is refused, or undefined when it may be cleaned and used. */
export function unsafeTextReason(value: string, multiline = false): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (lone surrogate)';
  if (CONTROL.test(value) || (!multiline && LINE_CONTROL.test(value))) {
    return 'must not contain control characters';
  }
  if (BIDI_CONTROL.test(value)) return 'must not contain bidirectional control characters';
  return undefined;
}

/** The clean form of an accepted string: NFC, no invisible characters, trimmed. */
export const cleanText = (value: string): string =>
  value.normalize('NFC').replace(STRIPPED, '').trim();

/** Refuses the characters above in a string of any format (URL, e-mail, time zone...). */
export const withSafeCharacters = <TSchema extends z.ZodType<string, string>>(
  schema: TSchema,
  multiline = false,
): TSchema =>
  schema.check(
    z.superRefine((value: string, context) => {
      const reason = unsafeTextReason(value, multiline);
      if (reason) context.addIssue({ code: 'custom', message: reason, abort: true });
    }),
  );

export const safeText = ({ max, min = 1, multiline = false }: SafeTextOptions) =>
  withSafeCharacters(z.string(), multiline).overwrite(cleanText).min(min).max(max);

/** Single-line text of 1..max characters: names, titles, references, ids of people. */
export const text = (max: number) => safeText({ max });

/** Multi-line text of 1..max characters: descriptions, notes, reasons, outcomes. */
export const longText = (max: number) => safeText({ max, multiline: true });
