import {
  BUYING_ROLES,
  CUSTOMER_SOURCES,
  PERSONALITIES,
  VALUE_ORIENTATIONS,
} from '@crm/contracts';

/**
 * Realistic data for the bench (and the demo): revenue per customer follows a Pareto curve
 * (a few customers bring most of it, D3's 80/20), purchases spread over the last 12 months.
 * Deterministic for a seed, so runs are comparable.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Pareto-distributed value with shape alpha (1.16 gives the 80/20 rule) and minimum xm. */
export const pareto = (random: () => number, alpha = 1.16, xm = 1_000): number =>
  xm / (1 - random()) ** (1 / alpha);

export interface GeneratedPurchase {
  readonly purchaseId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly occurredAt: Date;
}

/** Yields `purchasesPerCustomer` purchases (on average) per customer over the year before asOf. */
export function* purchaseHistory(
  customers: number,
  purchasesPerCustomer: number,
  asOf: Date,
  seed = 42,
): Generator<GeneratedPurchase> {
  const random = seededRandom(seed);
  const yearMs = 365 * 86_400_000;
  let purchase = 0;
  for (let customer = 0; customer < customers; customer += 1) {
    const customerId = `c${customer.toString(36).padStart(6, '0')}`;
    const yearly = pareto(random);
    const count = Math.max(1, Math.round(purchasesPerCustomer * 2 * random()));
    for (let index = 0; index < count; index += 1) {
      purchase += 1;
      yield {
        purchaseId: `p${purchase}`,
        customerId,
        amount: Math.round((yearly / count) * 100) / 100,
        occurredAt: new Date(asOf.getTime() - random() * yearMs),
      };
    }
  }
}

const REGIONS = ['east', 'north', 'south', 'west', 'central'] as const;
const CITIES: Record<(typeof REGIONS)[number], readonly string[]> = {
  east: ['Shanghai', 'Hangzhou', 'Nanjing', 'Suzhou'],
  north: ['Beijing', 'Tianjin', 'Shenyang'],
  south: ['Guangzhou', 'Shenzhen', 'Xiamen'],
  west: ['Chengdu', 'Chongqing', "Xi'an"],
  central: ['Wuhan', 'Changsha', 'Zhengzhou'],
};
const INDUSTRIES = ['retail', 'manufacturing', 'logistics', 'food service', 'construction'];
const TRADE_NAMES = ['Lianhua', 'Jinlong', 'Hengda', 'Xinyuan', 'Huatai', 'Dongfang', 'Ruixiang'];
const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang'];
const GIVEN = ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Yan', 'Tao', 'Hui'];
const TIME_ZONES = ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai', 'Asia/Hong_Kong', 'America/New_York'];

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

export interface DemoContact {
  readonly name: string;
  readonly title: string;
  readonly phone: string;
  readonly email: string;
  readonly birthday: string;
  readonly timeZone: string;
  readonly buyingRole: (typeof BUYING_ROLES)[number];
}

export interface DemoCustomer {
  readonly key: string;
  readonly ownerId: string;
  readonly card: Record<string, unknown>;
  readonly contacts: readonly DemoContact[];
  /** Purchases in the last 12 months; revenue per customer follows the Pareto curve. */
  readonly purchases: readonly { amount: number; occurredAt: Date; orderReference: string }[];
}

/**
 * A customer base for the demo: regions and cities, reps owning customers, contacts with
 * birthdays and time zones, and purchase histories whose revenue follows the Pareto curve;
 * a share of customers stopped buying months ago, so lifecycle stages show.
 */
export function demoCustomers(count: number, asOf: Date, seed = 7): DemoCustomer[] {
  const random = seededRandom(seed);
  const dayMs = 86_400_000;
  return Array.from({ length: count }, (_, index) => {
    const key = `${seed}-${index}`;
    const region = pick(random, REGIONS);
    const city = pick(random, CITIES[region]);
    const ownerId = `rep-${region}-${1 + Math.floor(random() * 3)}`;
    const name = `${city} ${pick(random, TRADE_NAMES)} ${pick(random, INDUSTRIES)} ${index + 1}`;
    const domain = `demo-${key}.example.com`;
    const contacts = Array.from({ length: 1 + Math.floor(random() * 3) }, (__, number) => {
      const year = 1965 + Math.floor(random() * 35);
      const birthday = new Date(Date.UTC(year, 0, 1) + Math.floor(random() * 365) * dayMs);
      return {
        name: `${pick(random, SURNAMES)} ${pick(random, GIVEN)}`,
        title: number === 0 ? 'Purchasing director' : 'Engineer',
        phone: `+86 1${String(30 + Math.floor(random() * 60))} ${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
        email: `contact${number + 1}@${domain}`,
        birthday: birthday.toISOString().slice(0, 10),
        timeZone: pick(random, TIME_ZONES),
        buyingRole: BUYING_ROLES[number % BUYING_ROLES.length]!,
      };
    });
    // One customer in four has stopped buying: the last purchase lies 3 to 11 months back.
    const quietForDays = random() < 0.25 ? 90 + Math.floor(random() * 240) : 0;
    const yearly = pareto(random, 1.16, 2_000);
    const orders = 1 + Math.floor(random() * 8);
    const purchases = Array.from({ length: orders }, (__, order) => ({
      amount: Math.round((yearly / orders) * 100) / 100,
      occurredAt: new Date(
        asOf.getTime() - (quietForDays + Math.floor(random() * (365 - quietForDays))) * dayMs,
      ),
      orderReference: `SO-${key}-${order + 1}`,
    }));
    return {
      key,
      ownerId,
      contacts,
      purchases,
      card: {
        name,
        code: `D${seed}X${index + 1}`,
        nature: random() < 0.8 ? 'ordinary_company' : 'business_partner',
        industry: pick(random, INDUSTRIES),
        region,
        city,
        address: `${1 + Math.floor(random() * 300)} Renmin Road, ${city}`,
        phone: `+86 ${String(10 + Math.floor(random() * 89))} ${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
        email: `purchasing@${domain}`,
        website: `https://${domain}`,
        ownerId,
        source: pick(random, CUSTOMER_SOURCES),
        personality: pick(random, PERSONALITIES),
        valueOrientation: pick(random, VALUE_ORIENTATIONS),
        expectedAnnualPurchase: Math.round(yearly * 1.2),
        transactionStage: 'transacting',
      },
    };
  });
}
