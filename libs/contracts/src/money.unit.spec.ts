import {
  AmountProblem,
  convertMoney,
  currencyDigits,
  divideHalfEven,
  formatMajor,
  MAX_AMOUNT_MINOR,
  parseMajorAmount,
  rateOn,
  sumMoney,
} from './money';

const minorOf = (value: number | string, currency: string): bigint => {
  const parsed = parseMajorAmount(value, currency);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.money.minor;
};

describe('money', () => {
  it('takes the decimals of each currency from the ISO 4217 list', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('CNY')).toBe(2);
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('ZZZ')).toBeUndefined();
    expect(currencyDigits('cny')).toBeUndefined();
  });

  it('reads major units exactly, from numbers and decimal strings', () => {
    expect(minorOf(12800.5, 'CNY')).toBe(1_280_050n);
    expect(minorOf(0.1, 'CNY') + minorOf(0.2, 'CNY')).toBe(minorOf(0.3, 'CNY'));
    expect(minorOf('9999999999999.99', 'CNY')).toBe(999_999_999_999_999n);
    expect(minorOf(1e9, 'JPY')).toBe(1_000_000_000n);
    expect(minorOf('1.234', 'KWD')).toBe(1234n);
  });

  it('refuses what it would have to round, zero, and anything above the limit', () => {
    const problem = (value: number | string, currency: string) => {
      const parsed = parseMajorAmount(value, currency);
      return parsed.ok ? 'ok' : parsed.problem;
    };
    expect(problem(1.5, 'JPY')).toBe(AmountProblem.TooManyDecimals);
    expect(problem('0.001', 'CNY')).toBe(AmountProblem.TooManyDecimals);
    expect(problem(0, 'CNY')).toBe(AmountProblem.NotPositive);
    expect(problem(-5, 'CNY')).toBe(AmountProblem.NotADecimal);
    expect(problem('1e3', 'CNY')).toBe(AmountProblem.NotADecimal);
    expect(problem(10, 'XYZ')).toBe(AmountProblem.UnknownCurrency);
    expect(problem('10000000000000.00', 'CNY')).toBe('ok');
    expect(problem('10000000000000.01', 'CNY')).toBe(AmountProblem.OverLimit);
    expect(problem(1e21, 'JPY')).toBe(AmountProblem.OverLimit);
  });

  it('keeps every stored sum within 64 bits: 9,223 maximal amounts fit', () => {
    expect(MAX_AMOUNT_MINOR * 9223n).toBeLessThan(2n ** 63n);
    const thirty = Array.from({ length: 30 }, () => ({ minor: 1_000_000_000n, currency: 'JPY' }));
    expect(sumMoney(thirty, 'JPY').minor).toBe(30_000_000_000n);
    expect(() => sumMoney([{ minor: 1n, currency: 'USD' }], 'CNY')).toThrow(RangeError);
  });

  it('formats minor units back into major units', () => {
    expect(formatMajor({ minor: 1_280_050n, currency: 'CNY' })).toBe('12800.50');
    expect(formatMajor({ minor: 5n, currency: 'KWD' })).toBe('0.005');
    expect(formatMajor({ minor: -1234n, currency: 'JPY' })).toBe('-1234');
    expect(formatMajor({ minor: 2n ** 62n, currency: 'CNY' })).toBe('46116860184273879.04');
  });

  it('rounds half to even', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(-5n, 2n)).toBe(-2n);
    expect(divideHalfEven(26n, 10n)).toBe(3n);
  });

  it('converts at a decimal rate into the minor unit of the target', () => {
    // 100.00 USD at 7.1234 = 712.34 CNY
    expect(convertMoney({ minor: 10_000n, currency: 'USD' }, 'CNY', '7.1234')).toEqual({
      minor: 71_234n,
      currency: 'CNY',
    });
    // 1,000 JPY at 0.0478 = 47.80 CNY
    expect(convertMoney({ minor: 1000n, currency: 'JPY' }, 'CNY', '0.0478').minor).toBe(4780n);
    // 1.000 KWD at 23.45 = 23.45 CNY; 0.001 KWD at 23.45 = 0.02345 → 0.02
    expect(convertMoney({ minor: 1000n, currency: 'KWD' }, 'CNY', '23.45').minor).toBe(2345n);
    expect(convertMoney({ minor: 1n, currency: 'KWD' }, 'CNY', '23.45').minor).toBe(2n);
  });

  it('applies the rate in force on the business date', () => {
    const rates = {
      USD: [
        { from: '2026-01-01', rate: '7.10' },
        { from: '2026-07-01', rate: '7.20' },
      ],
    };
    expect(rateOn(rates, 'USD', '2026-06-30')).toEqual({ rate: '7.10', rateDate: '2026-01-01' });
    expect(rateOn(rates, 'USD', '2026-07-01')).toEqual({ rate: '7.20', rateDate: '2026-07-01' });
    expect(rateOn(rates, 'USD', '2025-12-31')).toBeUndefined();
    expect(rateOn(rates, 'EUR', '2026-07-01')).toBeUndefined();
  });
});
