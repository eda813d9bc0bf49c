import {
  acceptedHundredths,
  fivePoint,
  referenceCsi,
  referenceNps,
  referenceTrend,
  slackOf,
  surveyScore,
} from './satisfaction';

/** The model's own figures against ones worked out by hand from D6 and ADR 146. */
describe('the satisfaction reference model (D6, ADR 146)', () => {
  const none = { num: 0n, den: 1n };

  it('a survey is one score, the exact mean of its answers: 5, 4, 4 is 83⅓', () => {
    expect(surveyScore([5, 4, 4])).toEqual({ num: 25_000n, den: 3n });
    expect(referenceCsi([surveyScore([5, 4, 4]), surveyScore([3, 2])], none)).toMatchObject({
      accepted: [6042n],
      atRisk: false,
    });
  });

  it('accepts both neighbours of a half-hundredth, and one value away from it', () => {
    expect(acceptedHundredths(surveyScore([2, 1, 1, 1, 1, 1, 1, 1]), none)).toEqual([312n, 313n]);
    expect(acceptedHundredths(surveyScore([2, 1, 1]), slackOf(2_000))).toEqual([833n]);
  });

  it('leaves a CSI at the floor to the recency weighting', () => {
    // 3, 4, 4, 3, 3 is 3.4: exactly 60.
    expect(referenceCsi([surveyScore([3, 4, 4, 3, 3])], slackOf(1))?.atRisk).toBeNull();
    expect(referenceCsi([fivePoint(3), fivePoint(4)], slackOf(1))?.atRisk).toBe(false);
  });

  it('raises one alert per episode: a sharp drop, then below the floor only after a recovery', () => {
    const trend = referenceTrend(
      [
        [fivePoint(5), fivePoint(5), fivePoint(1), fivePoint(1)],
        [fivePoint(5), fivePoint(1)],
      ],
      slackOf(1),
    );
    // 100, 100, 66.67 (a drop of 33.33: sharp), 50 (below, the same episode); a year later 100
    // (recovered), 50 (below: a second episode).
    expect(trend.alerts?.map((alert) => [alert.reason, alert.at])).toEqual([
      ['sharp_drop', 2],
      ['below_floor', 5],
    ]);
    // 100, 100, 0, 0, 100 is exactly 60: left to the weighting, so the model decides no alerts.
    expect(referenceTrend([[5, 5, 1, 1, 5].map(fivePoint)], slackOf(1)).alerts).toBeNull();
    const old = referenceTrend([[fivePoint(1)], [fivePoint(2)]], slackOf(1));
    expect(old.alerts?.map((alert) => [alert.reason, alert.at])).toEqual([['below_floor', 0]]);
  });

  it('rounds the NPS to a whole number, halves away from zero', () => {
    expect(referenceNps([10, 6, 9])).toMatchObject({ promoters: 2, detractors: 1, nps: 33 });
    expect(referenceNps([10, 10, 10, 0, 0, 0, 0, 8])).toMatchObject({ nps: -13 });
    expect(referenceNps([10, 10, 10, 10, 0, 0, 0, 8])).toMatchObject({ nps: 13 });
    expect(referenceNps([])).toMatchObject({ npsAnswers: 0, nps: null });
  });
});
