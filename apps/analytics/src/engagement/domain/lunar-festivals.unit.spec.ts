import { festivalDate } from './lunar-festivals';

/** The published dates (e.g. the State Council holiday notices and the Hong Kong Observatory). */
describe('lunar festivals from the lunar-calendar library', () => {
  it.each([
    [2025, '2025-01-29', '2025-05-31', '2025-10-06'],
    [2026, '2026-02-17', '2026-06-19', '2026-09-25'],
    [2027, '2027-02-06', '2027-06-09', '2027-09-15'],
  ])(
    'in %i: Spring Festival %s, Dragon Boat %s, Mid-Autumn %s',
    (year, spring, dragonBoat, midAutumn) => {
      expect(festivalDate('spring_festival', year)).toBe(spring);
      expect(festivalDate('dragon_boat', year)).toBe(dragonBoat);
      expect(festivalDate('mid_autumn', year)).toBe(midAutumn);
    },
  );
});
