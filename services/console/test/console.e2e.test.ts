import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot, spawnTs, type TsChild } from '@statledger/testing';
import { chromiumUnavailable, collectErrors, launchChromium } from './browser.ts';
import { recentPeriods } from '../src/format.ts';

/** The tokens a first `serve` prints for the principals it makes (admin, reporter, approver, auditor). */
const TOKENS: Record<'admin' | 'reporter' | 'approver' | 'auditor', string> = {
  admin: '',
  reporter: '',
  approver: '',
  auditor: '',
};
const SCREENSHOTS = join(repoRoot, 'services/console/screenshots');
const VILLAGE = '110101001001';
const values = {
  SAN_ROAD_AREA: '3.2',
  SAN_WASTE_COLLECTED: '186.4',
  SAN_WASTE_HARMLESS: '186.4',
  SAN_NIGHT_SOIL: '21.5',
  SAN_CONSTRUCTION_WASTE: '40',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '18',
};

describe.skipIf(chromiumUnavailable())('the console in a real browser (Chromium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statledger-console-'));
  let server: TsChild;
  let url: string;
  let browser: Browser;
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];

  /** A person of their own: a fresh browser context (own cookies), signed in with their token. */
  async function signedIn(token: string, screenshot?: string): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1366, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    collectErrors(page, errors);
    await page.goto(url);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('访问令牌').fill(token);
    if (screenshot) await page.screenshot({ path: join(SCREENSHOTS, screenshot), fullPage: true });
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    return page;
  }
  const shot = async (page: Page, name: string) => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  };
  // The month the console offers first: the last one ended in Asia/Shanghai (format.unit.test.ts checks it).
  const period = () => recentPeriods('month', 1)[0]!;
  const reportId = () => `report-sanitation-${VILLAGE}-${period()}`;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // As the README's quick start runs it: a first serve makes the principals and registers the example units.
    server = spawnTs(join(repoRoot, 'services/cli/src/main.ts'), ['serve', '--port', '0'], {
      STATLEDGER_STORE: `sqlite:${join(dir, 'store.db')}`,
      STATLEDGER_PRINCIPALS: join(dir, 'principals.json'),
      LOG_LEVEL: 'warn',
    });
    url = /console \(统计工作台\): (http:\/\/127\.0\.0\.1:\d+)\//.exec(
      await server.waitForLine(/console \(统计工作台\): http/),
    )![1]!;
    await server.waitForLine(/example units registered on this first run: 10/);
    const line = (role: string) => server.waitForLine(new RegExp(`^\\s+\\S+\\s+${role}\\s+.* token \\S+`));
    for (const role of ['admin', 'reporter', 'approver', 'auditor'] as const)
      TOKENS[role] = /token (\S+)/.exec(await line(role))![1]!;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.kill('SIGTERM');
  });

  it('takes a month from the reporter through a return and a correction to the approver’s approval', async () => {
    const reporter = await signedIn(TOKENS.reporter, '01-sign-in.png');
    await reporter.waitForURL(/\/reports/);
    await reporter.getByTestId(`fill-${VILLAGE}`).click();
    await reporter.waitForURL(/\/reports\/entry/);
    for (const [code, value] of Object.entries(values)) await reporter.getByTestId(`value-${code}`).fill(value);
    // A value that is not a number is refused on its field as it is typed, and the form cannot be sent.
    await reporter.getByTestId('value-SAN_WASTE_COLLECTED').fill('186,4吨');
    await expect.poll(() => reporter.getByText('请输入数字').count()).toBe(1);
    expect(await reporter.getByTestId('submit').isDisabled()).toBe(true);
    await shot(reporter, '03-entry-field-error.png');
    await reporter.getByTestId('value-SAN_WASTE_COLLECTED').fill('186.4');
    await reporter.getByTestId('submit').click();
    await reporter.waitForURL(/\/reports$/);
    await expect.poll(() => reporter.getByTestId('worklist').getByText('已上报').count()).toBeGreaterThan(0);
    await shot(reporter, '02-reports.png');

    const approver = await signedIn(TOKENS.approver);
    await approver.waitForURL(/\/approvals/);
    await expect.poll(() => approver.getByTestId(`return-${VILLAGE}`).count()).toBe(1);
    await approver.getByTestId(`return-${VILLAGE}`).click();
    await approver.getByTestId('return-comment').fill('清运量与过磅单不符，请核实');
    await approver.getByTestId('confirm-return').click();
    await expect.poll(() => approver.getByTestId(`return-${VILLAGE}`).count()).toBe(0);

    await reporter.reload();
    await expect.poll(() => reporter.getByText('清运量与过磅单不符，请核实').count()).toBeGreaterThan(0);
    await reporter.getByTestId(`correct-${VILLAGE}`).click();
    await reporter.waitForURL(/\/reports\/entry/);
    await expect.poll(() => reporter.getByTestId('return-comment').count()).toBe(1);
    await reporter.getByTestId('value-SAN_WASTE_COLLECTED').fill('168.0');
    await reporter.getByTestId('reason').fill('按过磅单更正');
    await shot(reporter, '04-correction.png');
    await reporter.getByTestId('submit').click();
    await reporter.waitForURL(/\/reports$/);

    await approver.reload();
    await expect.poll(() => approver.getByTestId(`approve-${VILLAGE}`).count()).toBe(1);
    await approver.locator('.el-table__expand-icon').first().click();
    const diff = approver.getByTestId(`changes-${VILLAGE}`);
    await expect.poll(() => diff.getByText('168.0').count()).toBe(1);
    expect(await diff.getByText('186.4').count()).toBe(1);
    await shot(approver, '05-approvals-diff.png');
    await approver.getByTestId(`approve-${VILLAGE}`).click();
    await expect.poll(() => approver.getByTestId(`approve-${VILLAGE}`).count()).toBe(0);
    await reporter.reload();
    await expect.poll(() => reporter.getByTestId('worklist').getByText('已审核').count()).toBe(1);
  });

  it("keeps an auditor's covert plan out of the reporter's sight", async () => {
    const auditor = await signedIn(TOKENS.auditor);
    await auditor.goto(`${url}/audits`);
    await auditor.getByTestId('create-plan').click();
    await expect.poll(() => auditor.getByText(/已生成方案 plan-[0-9a-f]{24}/).count()).toBe(1);
    const planId = /plan-[0-9a-f]{24}/.exec(await auditor.getByText(/已生成方案/).innerText())![0];
    await expect.poll(() => auditor.getByTestId('sample').locator('tbody tr').count()).toBeGreaterThan(0);
    await shot(auditor, '07-audits.png');

    const reporter = await signedIn(TOKENS.reporter);
    await reporter.goto(`${url}/audits`);
    await reporter.waitForLoadState('networkidle');
    expect(await reporter.content()).not.toContain(planId);
    // Asked directly with the reporter's session (outside the page, so the expected 404 is not a page error).
    expect((await reporter.request.get(`${url}/v1/audits/${planId}`)).status()).toBe(404);
    expect((await reporter.request.get(`${url}/v1/audits`)).status()).toBe(200);
    expect(await (await reporter.request.get(`${url}/v1/audits`)).text()).not.toContain(planId);
    expect(await (await reporter.request.get(`${url}/v1/reports/${reportId()}/history`)).text()).not.toContain(planId);
  });

  it('follows a finding up: the reporter explains it, the township’s approver accepts it', async () => {
    // 60,000 t of construction waste in one village, beyond what a village reports: the quality worker flags it.
    const neighbour = '110101001002';
    const body = {
      form: 'sanitation',
      unitCode: neighbour,
      period: period(),
      values: { ...values, SAN_CONSTRUCTION_WASTE: '60000' },
    };
    const submitted = await fetch(`${url}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(submitted.status).toBe(201);

    const reporter = await signedIn(TOKENS.reporter);
    await reporter.goto(`${url}/findings`);
    // The check by its name, the indicator by its, the finding in Chinese with what the reporter is to do.
    const row = reporter.getByTestId('findings').getByText('数值超出常见范围');
    await expect.poll(async () => (await reporter.reload(), await row.count()), { timeout: 30_000 }).toBe(1);
    expect(await reporter.getByTestId('findings').getByText('建筑垃圾消纳量').count()).toBe(1);
    await row.click();
    await expect
      .poll(() => reporter.getByTestId('finding-text').textContent())
      .toMatch(/^建筑垃圾消纳量为 60000 吨，超出村（居）常见范围（(不超过 \d+|\d+ 至 \d+) 吨）。请核对计量单位和位数/);
    await reporter.getByTestId('explanation').fill('本月拆迁工程集中清运建筑垃圾，有清运合同');
    await reporter.getByTestId('explain').click();
    await expect.poll(() => reporter.getByTestId('finding-steps').getByText('提交说明').count()).toBe(1);
    await shot(reporter, '12-findings-explain.png');

    const approver = await signedIn(TOKENS.approver);
    await approver.goto(`${url}/findings`);
    await expect.poll(() => approver.getByTestId('findings').getByText('数值超出常见范围').count()).toBe(1);
    await approver.getByTestId('findings').getByText('数值超出常见范围').click();
    await approver.getByTestId('reason').fill('合同与磅单相符');
    await approver.getByTestId('accept').click();
    await expect.poll(() => approver.getByTestId('finding-steps').getByText('认可说明').count()).toBe(1);
    await shot(approver, '13-findings-accept.png');
  });

  it('shows quality, history, statistics and assessments, in Chinese and in English', async () => {
    const auditor = await signedIn(TOKENS.auditor);
    await auditor.goto(`${url}/quality`);
    await expect.poll(() => auditor.getByTestId('quality-sanitation').count()).toBe(1);
    await shot(auditor, '06-quality.png');
    await auditor.goto(`${url}/history?id=${reportId()}`);
    await expect.poll(() => auditor.getByTestId('timeline').getByText('ReportApproved').count()).toBe(1);
    // Each event in words first, the type the log records beside it; values by the indicators' names.
    expect(await auditor.getByTestId('timeline').getByText('审核通过', { exact: true }).count()).toBe(1);
    expect(
      await auditor
        .getByTestId('timeline')
        .getByText(/生活垃圾清运量 \d/)
        .count(),
    ).toBeGreaterThan(0);
    await expect.poll(() => auditor.getByTestId('as-of').count()).toBe(1);
    await shot(auditor, '08-history.png');
    await auditor.goto(`${url}/statistics`);
    await expect.poll(() => auditor.getByTestId('figures').getByText('东城区').count()).toBeGreaterThan(0);
    await shot(auditor, '09-statistics.png');
    await auditor.goto(`${url}/assessments`);
    await expect.poll(() => auditor.getByTestId('ranking').getByText('东城区').count()).toBeGreaterThan(0);
    await shot(auditor, '11-assessments.png');
    await auditor.goto(`${url}/statistics`);
    await auditor.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => auditor.getByRole('heading', { name: 'Statistics', exact: true }).count()).toBe(1);
    await shot(auditor, '10-statistics-en.png');
  });

  it('logs no error in the browser on any screen', () => {
    expect(errors).toEqual([]);
  });
});
