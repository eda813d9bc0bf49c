import { duplicateKeysOf } from './duplicate-keys';

describe('duplicate keys', () => {
  it('matches names that differ in case, spacing, punctuation and legal form', () => {
    const a = duplicateKeysOf({ name: 'Hangzhou Lianhua Trading Co., Ltd.' });
    const b = duplicateKeysOf({ name: 'hangzhou  lianhua-trading' });
    const c = duplicateKeysOf({ name: '杭州联华贸易有限公司' });
    const d = duplicateKeysOf({ name: '杭州联华贸易' });
    expect(a.name).toBe(b.name);
    expect(c.name).toBe(d.name);
    expect(a.name).not.toBe(c.name);
  });

  it('matches phones with or without prefixes, e-mails by case, tax numbers by spacing', () => {
    expect(duplicateKeysOf({ phone: '+86 571 8888-0000' }).phone).toBe(
      duplicateKeysOf({ phone: '0571 88880000' }).phone,
    );
    expect(duplicateKeysOf({ email: 'Buy@Lianhua.example.com ' }).email).toBe(
      duplicateKeysOf({ email: 'buy@lianhua.example.com' }).email,
    );
    expect(duplicateKeysOf({ taxNumber: '9133 0100 MA27' }).taxNumber).toBe(
      duplicateKeysOf({ taxNumber: '91330100ma27' }).taxNumber,
    );
    expect(duplicateKeysOf({ phone: '+86 571 8888 0001' }).phone).not.toBe(
      duplicateKeysOf({ phone: '+86 571 8888 0000' }).phone,
    );
  });

  it('is not defeated by invisible characters, direction marks or full-width forms', () => {
    const name = duplicateKeysOf({ name: '杭州联华贸易有限公司 Lianhua' }).name;
    for (const variant of [
      '杭州联\u200b华贸易有限公司 Lianhua', // zero-width space
      '杭州联\u200d华贸易有限公司 Lian\u200chua', // zero-width joiner and non-joiner
      '\u200f杭州联华贸易有限公司\u200e Lianhua', // right-to-left and left-to-right marks
      '杭州联华\ufe0f贸易有限公司 Lian\u2060hua\u00ad', // variation selector, word joiner, soft hyphen
      '杭州联华贸易有限公司 Ｌｉａｎｈｕａ', // full-width Latin (NFKC)
    ])
      expect({ variant, key: duplicateKeysOf({ name: variant }).name }).toEqual({
        variant,
        key: name,
      });
    expect(duplicateKeysOf({ phone: '＋８６ １３９ １２３４ ５６７８' }).phone).toBe(
      duplicateKeysOf({ phone: '+86 139 1234 5678' }).phone,
    );
    expect(duplicateKeysOf({ email: 'buy\u200b@lianhua.example.com\u200e' }).email).toBe(
      duplicateKeysOf({ email: 'buy@lianhua.example.com' }).email,
    );
    expect(duplicateKeysOf({ taxNumber: '９１３３\u200b0100MA27' }).taxNumber).toBe(
      duplicateKeysOf({ taxNumber: '91330100MA27' }).taxNumber,
    );
  });

  it('keeps the values themselves out of the keys and ignores what is too short to compare', () => {
    const keys = duplicateKeysOf({ email: 'buy@lianhua.example.com', name: 'Co.' });
    expect(JSON.stringify(keys)).not.toContain('lianhua');
    expect(keys.name).toBeUndefined();
  });
});
