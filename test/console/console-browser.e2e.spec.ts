import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { eventually, uniqueSuffix, type RunningService } from '@crm/testing';
import { bootSystem, SERVICES, type ServiceName } from '../resilience/system';
import { ConsoleSession, startConsole } from './console-support';

/**
 * The console in a real browser (Debian's Chromium, driven by Playwright) in front of the four
 * services: the journeys of each role, accessibility (axe) at desktop and phone width, and what
 * the browser keeps. SCREENSHOT_DIR=docs/console also saves a screenshot of each page.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env['SCREENSHOT_DIR'];
const WIDTHS = [1280, 390] as const;

const PHONE = '+86 138 0013 8000';
const BIG_AMOUNT = 987_654_321_098.76;

jest.setTimeout(300_000);

describe('the console in a browser', () => {
  const suffix = uniqueSuffix();
  let system: Record<ServiceName, RunningService>;
  let consoleApp: RunningService;
  let browser: Browser;
  const visitedUrls: string[] = [];
  const customerIds: string[] = [];

  const newPage = async (
    width: number = WIDTHS[0],
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    page.on('framenavigated', (frame) => visitedUrls.push(frame.url()));
    return { context, page };
  };

  const signIn = async (page: Page, userName: RegExp) => {
    await page.goto(consoleApp.url);
    await page.getByRole('heading', { name: '登录 CRM 控制台' }).waitFor();
    await page.getByLabel('演示用户').click();
    await pick(page, userName);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('signed-in-user').waitFor();
  };

  /** No serious or critical axe violation on the page as it is now. */
  const expectAccessible = async (page: Page, what: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${what}: ${violation.id} (${violation.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    expect(serious).toEqual([]);
  };

  const screenshot = async (page: Page, name: string) => {
    if (!SCREENSHOT_DIR) return;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
      );
    }
    if (!existsSync('dist/console-web/index.html')) {
      throw new Error('the console page is not built: npm run build:console');
    }
    system = await bootSystem(suffix, {
      JOBS_PREFIX: `test-${suffix}`,
      ENGAGEMENT_JOBS_PREFIX: `test-${suffix}`,
      GREETING_FESTIVALS: 'none',
      FOLLOW_UP_FIRST_PURCHASE_DELAY: '1s',
    });
    consoleApp = await startConsole(system, suffix);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

    // The rep's customers, through the console's API as a browser would call it.
    const rep = new ConsoleSession(consoleApp.url);
    await rep.signIn('rep-east-1');
    for (const [index, name] of [
      '杭州联华贸易有限公司',
      '上海华东机电设备厂',
      'Ningbo =HYPERLINK("x") Ltd',
    ].entries()) {
      const made = await rep.call('POST', '/api/customers/customers', {
        body: {
          name: `${name} ${suffix}`,
          nature: 'ordinary_company',
          region: 'east',
          ownerId: 'rep-east-1',
          phone: PHONE,
        },
        headers: { 'idempotency-key': `customer-${suffix}-${index}` },
      });
      expect(made.status).toBe(201);
      customerIds.push(made.json()['customerId'] as string);
    }
    for (const [index, customerId] of customerIds.entries()) {
      const bought = await rep.call('POST', `/api/customers/customers/${customerId}/purchases`, {
        body: {
          amount: index === 0 ? BIG_AMOUNT : 1000 * (index + 1),
          currency: 'CNY',
          occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
          productLine: '工业阀门',
          sourceSystem: 'erp',
          orderReference: `SO-${suffix}-${index}`,
        },
        headers: { 'idempotency-key': `purchase-${suffix}-${index}` },
      });
      expect(bought.status).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await consoleApp?.stop();
    await Promise.allSettled(SERVICES.map((service) => system?.[service]?.stop()));
  });

  it('signs in in Chinese first, switches to English, and is accessible at both widths', async () => {
    for (const width of WIDTHS) {
      const { context, page } = await newPage(width);
      await page.goto(consoleApp.url);
      await page.getByRole('heading', { name: '登录 CRM 控制台' }).waitFor();
      await expectAccessible(page, `sign-in at ${width}px`);
      if (width === WIDTHS[0]) await screenshot(page, 'sign-in');
      await signIn(page, /Liu Yang/);
      await page.getByLabel('语言').click();
      await pick(page, 'English');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('en');
      await context.close();
    }
  });

  it('a rep sees the follow-up due after a first purchase and completes it', async () => {
    const { context, page } = await newPage();
    await signIn(page, /Li Wei/);
    await page.getByRole('heading', { name: '我的一天' }).waitFor();
    // Engagement schedules it from the purchase events; the page shows it once it is due.
    await eventually(
      async () => {
        await page.reload();
        await page.getByRole('heading', { name: '待跟进' }).waitFor();
        return (await page.getByRole('button', { name: '完成' }).count()) > 0 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'a due follow-up on the page' },
    );
    const before = await page.getByRole('button', { name: '完成' }).count();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page, `rep's day at ${width}px`);
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    await screenshot(page, 'reps-day');
    await page.getByRole('button', { name: '完成' }).first().click();
    // The dialog's form (the page has no other); its button is the last 「完成」 (the dialog is last in the page).
    const dialog = page.locator('body');
    await fieldOf(dialog, '客户满意度 (1–5)').fill('5');
    await fieldOf(dialog, '备注').fill('客户对交货很满意');
    await page.getByRole('button', { name: '完成', exact: true }).last().click();
    await page.getByText('已完成跟进').waitFor();
    await eventually(
      async () =>
        (await page.getByRole('button', { name: '完成' }).count()) === before - 1
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the completed follow-up gone from the due list' },
    );
    await context.close();
  });

  it('an analyst sees the customer card with personal data masked', async () => {
    const { context, page } = await newPage();
    await signIn(page, /Liu Yang/);
    await page.getByRole('menuitem', { name: '客户 360' }).click();
    await page.getByLabel('客户编号').fill(customerIds[0]!);
    await page.getByRole('button', { name: '打开' }).click();
    const card = page.getByTestId('customer-card');
    await card.waitFor();
    await expectText(card, '***00');
    expect(await card.innerText()).not.toContain(PHONE);
    expect(await page.content()).not.toContain(PHONE);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page, `customer 360 at ${width}px`);
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    await screenshot(page, 'customer-360');
    // Nothing the browser keeps holds a token or personal data.
    // (A string: it runs in the page, whose globals this file's types do not know.)
    const stored = String(
      await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })'),
    );
    expect(stored).not.toMatch(/eyJ|138|\*\*\*|@/);
    expect(await context.cookies()).toEqual([
      expect.objectContaining({ name: 'crm_console', httpOnly: true, sameSite: 'Strict' }),
    ]);
    await context.close();
  });

  it('ops opens the queue dashboard through the session', async () => {
    const { context, page } = await newPage();
    await signIn(page, /Zhao Lei/);
    await page.getByRole('menuitem', { name: '运维' }).click();
    await expectAccessible(page, 'ops page');
    await screenshot(page, 'ops');
    const [dashboard] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: '打开队列面板' }).click(),
    ]);
    await dashboard.waitForLoadState('domcontentloaded');
    expect(new URL(dashboard.url()).pathname).toBe('/admin/queues');
    await dashboard
      .getByText(/engagement|follow-up|greeting/i)
      .first()
      .waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('kept no token and no personal data in any URL', () => {
    expect(visitedUrls.length).toBeGreaterThan(0);
    for (const url of visitedUrls) {
      expect(url).not.toMatch(/eyJ|token|138|%2B86|phone/i);
    }
  });

  it('cannot be framed by another page', async () => {
    const { context, page } = await newPage();
    await page.setContent(`<iframe id="victim" src="${consoleApp.url}/"></iframe>`);
    const frameBody = await page
      .frameLocator('#victim')
      .locator('body')
      .innerText({ timeout: 3_000 })
      .catch(() => '');
    expect(frameBody).not.toContain('登录');
    await context.close();
  });
});

/** The input of the form item labelled `label` inside `scope`. */
function fieldOf(scope: Locator, label: string, control = 'input, textarea'): Locator {
  return scope.locator('.ant-form-item').filter({ hasText: label }).locator(control).first();
}

/** Picks an option of the Ant Design select that is open. */
async function pick(page: Page, option: string | RegExp): Promise<void> {
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
}

/** Waits for a locator to show a text (the query cache refreshes after each step). */
async function expectText(locator: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}
