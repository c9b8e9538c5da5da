import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/fixtures';
import { claimRequestFor } from '../workflows/support';
import { poll, signIn, useWebHarness, type Person } from './support';

const REGION = '330400';
const NARROW = { width: 360, height: 780 } as const;
const WIDE = { width: 1280, height: 800 } as const;

/** docs/screenshots/elder-<name>-<width>.png, linked from README. */
async function elderShot(page: Page, name: string): Promise<void> {
  const dir = repoPath('docs/screenshots');
  await mkdir(dir, { recursive: true });
  const width = page.viewportSize()?.width ?? WIDE.width;
  await page.screenshot({
    path: join(dir, `elder-${name}-${width}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/** Elements that reach past the right edge of the viewport (what would make the page scroll sideways). */
const overflowing = (page: Page): Promise<string[]> =>
  page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter((e) => !e.closest('.visually-hidden, .skip-link'))
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))`) as Promise<
    string[]
  >;

/** The same session (sessionStorage and the remembered mode) in a context at another width. */
async function sameSessionAt(
  web: ReturnType<typeof useWebHarness>,
  from: Page,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const storage = await from.evaluate('JSON.stringify(Object.entries(sessionStorage))');
  const local = await from.evaluate('JSON.stringify(Object.entries(localStorage))');
  const context = await web.context(viewport);
  await context.addInitScript(
    `for (const [k, v] of ${String(storage)}) sessionStorage.setItem(k, v);` +
      `for (const [k, v] of ${String(local)}) localStorage.setItem(k, v);`,
  );
  const page = await context.newPage();
  await page.goto(from.url());
  return { context, page };
}

describe('web pages: 长辈版 (elder mode) and a bad rating followed up', () => {
  const web = useWebHarness();

  it('elder mode is switched and remembered, asks one question per screen; a clerk answers the 不满意 rating and the citizen reads the answer', async () => {
    // A claim paid without a clerk.
    const { rt } = web;
    let found: { claimId: string; patient: { idNumber: string; name: string } } | undefined;
    while (!found) {
      const visit = rt.hospitals.generator.outpatient();
      rt.hospitals.simulator.addVisit(visit);
      const token = await web.citizenToken(visit.patient.idNumber);
      const filed = await web.call<{ claimId: string }>('POST', '/claims', token, claimRequestFor(visit));
      expect(filed.status).toBe(202);
      let status = '';
      let benefitFen = 0;
      await poll(
        async () => {
          const claim = (
            await web.call<{ status: string; benefit?: { benefitFen: number } }>(
              'GET',
              `/claims/${filed.body.claimId}`,
              token,
            )
          ).body;
          status = claim.status;
          benefitFen = claim.benefit?.benefitFen ?? 0;
          return ['PAID', 'IN_REVIEW', 'REJECTED', 'FAILED'].includes(status);
        },
        { timeout: 30_000 },
      ).toBe(true);
      // A claim paid without a clerk, with money paid (the screenshots show an amount).
      if (status === 'PAID' && benefitFen > 0) {
        found = { claimId: filed.body.claimId, patient: visit.patient };
      }
    }
    const { claimId, patient } = found;
    const citizen: Person = { role: 'citizen', idNumber: patient.idNumber, name: patient.name };

    const context = await web.context(WIDE);
    const page = await context.newPage();
    await signIn(page, citizen, web);
    // Standard first: 16 px text. The switch in the header turns on 长辈版, and the page grows.
    const rootSize = () => page.evaluate('parseFloat(getComputedStyle(document.documentElement).fontSize)');
    expect(await rootSize()).toBe(16);
    const toggle = page.getByRole('button', { name: '长辈版' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await poll(() => page.evaluate('document.documentElement.dataset.mode')).toBe('elder');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await rootSize()).toBeGreaterThanOrEqual(20);
    // Remembered: a reload keeps it.
    await page.reload();
    await poll(() => page.evaluate('document.documentElement.dataset.mode')).toBe('elder');
    expect(await page.getByRole('button', { name: '长辈版' }).getAttribute('aria-pressed')).toBe('true');
    // No text on the page smaller than 20 px.
    const smallest = () =>
      page.evaluate(`Math.min(...[...document.querySelectorAll('main *, header *')]
        .filter((e) => e.offsetParent !== null && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .map((e) => parseFloat(getComputedStyle(e).fontSize)))`);

    // My claims: each claim one big button.
    await page.goto('/#/claims');
    const open = page.locator(`[data-claim-id="${claimId}"]`).getByRole('link', { name: /查看这笔报销/ });
    await open.waitFor();
    expect(await smallest()).toBeGreaterThanOrEqual(20);
    await elderShot(page, 'my-claims');
    await open.click();

    // The claim: where it stands in plain words, the amount, one thing to do. No table, no timeline.
    await poll(() => page.locator('.elder-status').textContent()).toBe('已经报销，钱已打到您的银行卡。');
    expect(await page.locator('table').count()).toBe(0);
    expect(await page.locator('.timeline').count()).toBe(0);
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await smallest()).toBeGreaterThanOrEqual(20);
    const rating = page.getByTestId('rating');
    // One question per screen: the whole, then each sub-score, then the comment.
    await poll(() => rating.locator('fieldset').count()).toBe(1);
    expect(await rating.locator('legend').textContent()).toBe('您对这次办理满意吗？');
    await elderShot(page, 'claim-rating');
    const narrowRating = await sameSessionAt(web, page, NARROW);
    await narrowRating.page.getByTestId('rating').locator('fieldset').waitFor();
    expect(await overflowing(narrowRating.page)).toEqual([]);
    await elderShot(narrowRating.page, 'claim-rating');
    await narrowRating.context.close();
    await rating.getByLabel('不满意', { exact: true }).check();
    await rating.getByRole('button', { name: '下一步' }).click();
    for (const what of ['办事效率', '服务态度', '办理结果']) {
      await poll(() => rating.locator('legend').textContent()).toBe(`${what}：您满意吗？`);
      expect(await rating.locator('fieldset').count()).toBe(1);
      await rating.getByLabel(what === '服务态度' ? '基本满意' : '不满意', { exact: true }).check();
      await rating.getByRole('button', { name: '下一步' }).click();
    }
    await rating.getByLabel('意见（可选）').fill('等了两个星期，电话也打不通');
    await rating.getByRole('button', { name: '提交评价' }).click();
    await poll(() => rating.getByRole('status').textContent()).toBe('您的评价：不满意');
    const stored = await web.call<{
      rating: { level: string; subScores: Record<string, string>; followUp?: { dueDate: string } };
    }>('GET', `/claims/${claimId}/rating`, await web.citizenToken(patient.idNumber));
    expect(stored.body.rating).toMatchObject({
      level: 'dissatisfied',
      subScores: { efficiency: 'dissatisfied', attitude: 'basically_satisfied', outcome: 'dissatisfied' },
    });
    const due = stored.body.rating.followUp?.dueDate ?? 'none';
    expect(await page.getByTestId('follow-up-state').textContent()).toBe(
      `我们已收到您的意见，工作人员会在 ${due} 前回复您。`,
    );

    // The supervisor sees it waiting; a clerk of the region answers it.
    const boardContext = await web.context();
    const board = await boardContext.newPage();
    await signIn(board, { role: 'supervisor', sub: 'supervisor-fu-01', region: REGION }, web);
    await board.goto('/#/follow-ups');
    await poll(() => board.locator(`[data-claim-id="${claimId}"]`).getAttribute('data-state')).toBe('open');
    expect(await board.locator(`[data-claim-id="${claimId}"] form`).count()).toBe(0);

    const clerkContext = await web.context();
    const clerk = await clerkContext.newPage();
    await signIn(clerk, { role: 'clerk', sub: 'clerk-fu-web', region: REGION }, web);
    await clerk.getByRole('link', { name: '差评回访' }).click();
    const item = clerk.locator(`[data-claim-id="${claimId}"]`);
    await item
      .getByLabel('回复内容（参保人可见）')
      .fill('您好，已核实：医院补传票据延误，已督促医院改进，并开通专线电话。');
    await item.getByRole('button', { name: '提交回复' }).click();
    await poll(() => item.getAttribute('data-state')).toBe('answered');
    await clerkContext.close();

    await board.reload();
    await poll(() => board.locator(`[data-claim-id="${claimId}"]`).getAttribute('data-state')).toBe(
      'answered',
    );
    await board.goto('/#/dashboard');
    await poll(() => board.locator('[data-kpi="follow-up-rate"] dd').textContent()).toMatch(/^\d+%$/);
    await boardContext.close();

    // The citizen reads the answer on the claim page, in elder mode, at both widths.
    await page.reload();
    await poll(() => page.getByTestId('follow-up-answer').textContent()).toBe(
      '您好，已核实：医院补传票据延误，已督促医院改进，并开通专线电话。',
    );
    expect(await smallest()).toBeGreaterThanOrEqual(20);
    await elderShot(page, 'claim-answered');
    const narrow = await sameSessionAt(web, page, NARROW);
    await poll(() => narrow.page.getByTestId('follow-up-answer').count()).toBe(1);
    expect(await narrow.page.evaluate('document.documentElement.dataset.mode')).toBe('elder');
    // Nothing wider than the phone: no sideways scrolling.
    expect(await overflowing(narrow.page)).toEqual([]);
    await elderShot(narrow.page, 'claim-answered');
    await narrow.page.goto('/#/claims');
    await narrow.page.locator(`[data-claim-id="${claimId}"]`).waitFor();
    expect(await overflowing(narrow.page)).toEqual([]);
    await elderShot(narrow.page, 'my-claims');
    await narrow.context.close();

    // Switched back, the standard page shows everything again.
    await page.getByRole('button', { name: '长辈版' }).click();
    await poll(() => page.locator('table.eob').count()).toBe(1);
    expect(await rootSize()).toBe(16);
    await poll(() => page.getByTestId('follow-up-answer').count()).toBe(1);
    await context.close();
  }, 300_000);
});
