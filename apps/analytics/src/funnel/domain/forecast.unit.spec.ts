import { forecast } from './forecast';

const rates = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8];

describe('funnel forecast (D10)', () => {
  it('gives the D10 example: 1,424 open across six stages weighs 364.8, plus closed revenue', () => {
    const open = [300, 240, 176, 464, 146, 98].map((amount, stage) => ({ amount, stage }));
    expect(forecast(0, open, rates)).toEqual({ weightedPipeline: 364.8, forecast: 364.8, openAmount: 1424 });
    expect(forecast(1000, open, rates).forecast).toBe(1364.8);
  });

  it('refuses a stage it has no win rate for', () => {
    expect(() => forecast(0, [{ amount: 1, stage: 6 }], rates)).toThrow(RangeError);
  });
});
