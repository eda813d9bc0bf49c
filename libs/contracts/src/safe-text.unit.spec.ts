import { longText, text } from './safe-text';

const name = text(200);
const note = longText(2000);
const issuesOf = (value: unknown, schema = name) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('safe text: the one string type of every request schema', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a C0 control', 'bell\u0007'],
    ['escape', '\u001b[31mred'],
    ['DEL', 'x\u007f'],
    ['a C1 control', 'x\u0085y'],
    ['a line break in a single-line field', 'two\nlines'],
  ])('refuses %s', (_, value) => {
    expect(issuesOf(value)).toEqual(['must not contain control characters']);
  });

  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'end\ud83d'],
  ])('refuses %s', (_, value) => {
    expect(issuesOf(value)).toEqual(['must be well-formed Unicode (lone surrogate)']);
  });

  it.each([
    ['202E', '\u202e'],
    ['202A', '\u202a'],
    ['2066', '\u2066'],
    ['2069', '\u2069'],
  ])('refuses the bidirectional control U+%s', (_, control) => {
    expect(issuesOf(`invoice${control}fdp.exe`)).toEqual([
      'must not contain bidirectional control characters',
    ]);
  });

  it('keeps emoji (surrogate pairs), Chinese text and zero-width joiners', () => {
    const family = '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}';
    expect(name.parse(`杭州莲花贸易有限公司 ${family}`)).toBe(`杭州莲花贸易有限公司 ${family}`);
  });

  it('strips zero-width spaces, word joiners, byte-order marks and soft hyphens, then trims', () => {
    expect(name.parse('\ufeff Lian\u200bhua\u2060 Tra\u00adding ')).toBe('Lianhua Trading');
    // Nothing but invisible characters is nothing: refused as empty.
    expect(issuesOf('\u200b\u200b')).toHaveLength(1);
  });

  it('normalises to NFC, so the same name typed two ways is one string', () => {
    const decomposed = 'Cafe\u0301 Mu\u0308ller';
    expect(name.parse(decomposed)).toBe('Café Müller');
    expect(name.parse(decomposed)).toBe(name.parse('Café Müller'));
  });

  it('lets multi-line text keep tabs and line breaks, and nothing else of the controls', () => {
    expect(note.parse('line 1\r\n\tline 2')).toBe('line 1\r\n\tline 2');
    expect(issuesOf('line 1\u0000', note)).toEqual(['must not contain control characters']);
  });

  it('counts the maximum after clean-up: 200 Chinese characters pass, 201 do not', () => {
    expect(name.parse('莲'.repeat(200))).toHaveLength(200);
    expect(name.safeParse('莲'.repeat(201)).success).toBe(false);
    expect(name.safeParse(`${'x'.repeat(200)}\u200b`).success).toBe(true);
    expect(note.safeParse('x'.repeat(10_240)).success).toBe(false);
  });
});
