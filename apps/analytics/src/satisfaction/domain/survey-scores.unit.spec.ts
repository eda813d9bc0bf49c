import { csi } from './csi';
import { npsOf, surveyScoreOf, type NpsRule } from './survey-scores';

const rule = { windowDays: 365, halfLifeDays: 90 };
const nps: NpsRule = { windowDays: 365, promoterFrom: 9, detractorUpTo: 6 };
const asOf = new Date('2026-11-24T00:00:00Z');
const daysAgo = (n: number) => new Date(asOf.getTime() - n * 86_400_000);
const answers = (...values: number[]) => values.map((value) => ({ nps: value, at: asOf }));

describe('a survey as a CSI score (D6)', () => {
  it('is the plain mean of its questions, on the 1–5 scale', () => {
    expect(
      surveyScoreOf([
        { score: 4 }, // 交货速度
        { score: 5 }, // 服务态度
        { score: 3 }, // 产品质量
      ]),
    ).toBe(4);
    expect(surveyScoreOf([{ score: 1 }, { score: 2 }, { score: 2 }])).toBeCloseTo(5 / 3, 12);
  });

  it('counts once in the recency-weighted CSI, mapped to 0–100 like any five-point score', () => {
    // Today: 您对交货速度满意吗？5, 售后服务态度如何？4 → mean 4.5 → (3.5 / 4)·100 = 87.5, weight 1.
    // Ninety days ago: 1, 2, 2 → mean 5/3 → (2/3 / 4)·100 = 16.667, weight 0.5.
    // CSI = (87.5·1 + 16.667·0.5) / 1.5 = 63.889
    const value = csi(
      [
        { value: surveyScoreOf([{ score: 5 }, { score: 4 }]), scale: 'five_point', at: asOf },
        {
          value: surveyScoreOf([{ score: 1 }, { score: 2 }, { score: 2 }]),
          scale: 'five_point',
          at: daysAgo(90),
        },
      ],
      asOf,
      rule,
    );
    expect(value).toBeCloseTo(63.889, 3);
  });
});

describe('NPS (D6)', () => {
  it('is % promoters (9–10) − % detractors (0–6), passives (7–8) counted in the answers', () => {
    // 10, 9, 9 promoters; 8, 7 passives; 6, 0 detractors: (3 − 2) / 7 = 14.29 % → 14
    expect(npsOf(answers(10, 9, 8, 7, 6, 0, 9), asOf, nps)).toEqual({
      npsAnswers: 7,
      promoters: 3,
      passives: 2,
      detractors: 2,
      nps: 14,
    });
    // 6, 6 detractors, 9 a promoter: (1 − 2) / 3 = −33.3 % → −33
    expect(npsOf(answers(6, 6, 9), asOf, nps).nps).toBe(-33);
    expect(npsOf(answers(10, 10), asOf, nps).nps).toBe(100);
    expect(npsOf(answers(0, 3, 6), asOf, nps).nps).toBe(-100);
    expect(npsOf(answers(7, 8), asOf, nps).nps).toBe(0);
  });

  it('rounds a half away from zero, the same both ways', () => {
    // One promoter among eight answers: 12.5 % → 13; one detractor: −12.5 % → −13.
    expect(npsOf(answers(9, 7, 7, 7, 7, 7, 7, 7), asOf, nps).nps).toBe(13);
    expect(npsOf(answers(6, 7, 7, 7, 7, 7, 7, 7), asOf, nps).nps).toBe(-13);
  });

  it('counts the answers of the last 12 months only, and has no NPS without answers', () => {
    const old = [{ nps: 0, at: daysAgo(366) }];
    const future = [{ nps: 0, at: new Date(asOf.getTime() + 1000) }];
    expect(npsOf([...old, ...future, { nps: 10, at: daysAgo(365) }], asOf, nps)).toEqual({
      npsAnswers: 1,
      promoters: 1,
      passives: 0,
      detractors: 0,
      nps: 100,
    });
    expect(npsOf(old, asOf, nps)).toEqual({
      npsAnswers: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
    });
  });

  it('follows configured bounds', () => {
    // With promoters from 8 and detractors up to 5: 8 promotes, 6 is passive.
    const wider = { ...nps, promoterFrom: 8, detractorUpTo: 5 };
    expect(npsOf(answers(8, 6, 5), asOf, wider)).toMatchObject({
      promoters: 1,
      passives: 1,
      detractors: 1,
      nps: 0,
    });
  });
});
