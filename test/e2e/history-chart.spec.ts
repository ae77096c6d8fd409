import type { Page } from '@playwright/test';
import { localDay, localMidnight } from '#shared/local-day';
import { timeOrderedIdAt } from '#shared/time-ordered-id';
import { writeMixedOrders } from '../support/mixed-orders';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

interface DrawnLabel {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface DrawnChart {
  width: number;
  height: number;
  labels: DrawnLabel[];
}

/**
 * What the chart's canvas says, which no locator can read: every text uPlot writes on it since it last cleared it,
 * with the box the text covers (measured as it is written, with the alignment in use). Page code as text: this file
 * compiles for Node, without the DOM's types.
 */
const RECORD_CANVAS_TEXT = `(() => {
  const drawn = new WeakMap();
  const canvasApi = CanvasRenderingContext2D.prototype;
  const { clearRect, fillText } = canvasApi;
  canvasApi.clearRect = function (x, y, width, height) {
    if (x <= 0 && y <= 0 && width >= this.canvas.width && height >= this.canvas.height) drawn.set(this.canvas, []);
    return clearRect.call(this, x, y, width, height);
  };
  canvasApi.fillText = function (text, x, y, ...rest) {
    const box = this.measureText(text);
    const labels = drawn.get(this.canvas) ?? [];
    labels.push({
      text,
      left: x - box.actualBoundingBoxLeft,
      right: x + box.actualBoundingBoxRight,
      top: y - box.actualBoundingBoxAscent,
      bottom: y + box.actualBoundingBoxDescent,
    });
    drawn.set(this.canvas, labels);
    return fillText.call(this, text, x, y, ...rest);
  };
  window.tillChartText = () => {
    const canvas = document.querySelector('.daily-chart canvas');
    return canvas && { width: canvas.width, height: canvas.height, labels: drawn.get(canvas) ?? [] };
  };
})()`;

const drawnChart = (page: Page) => page.evaluate<DrawnChart | null>('window.tillChartText()');

/** The labels under the bars (the amounts' axis is the one in dollars), once the chart has drawn any. */
async function dayLabels(page: Page): Promise<string[]> {
  let labels: string[] = [];
  await expect
    .poll(async () => {
      labels = ((await drawnChart(page))?.labels ?? []).map((l) => l.text).filter((text) => !text.includes('$'));
      return labels.length;
    })
    .toBeGreaterThan(0);
  return labels;
}

/** The days of the chart as its table for screen readers names them ("Sun, Dec 6, 2026"), oldest first. */
const tableDays = (page: Page) =>
  page.getByRole('table', { name: 'Net sales by day' }).locator('tbody tr td:first-child').allTextContents();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function showDays(page: Page, from: string, to: string, days: number) {
  await page.getByLabel('From', { exact: true }).fill(from);
  await page.getByLabel('To', { exact: true }).fill(to);
  await expect(page.getByRole('table', { name: 'Net sales by day' }).locator('tbody tr')).toHaveCount(days);
}

test.beforeEach(async ({ page, preview }) => {
  writeMixedOrders(preview.till.db, 1_500, { days: 400 });
  await page.addInitScript({ content: RECORD_CANVAS_TEXT });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(preview.server.url);
  await signIn(page);
  await page.goto(`${preview.server.origin}/#/history`);
});

test('the daily chart names each day under it once, for a day, a few days, a month and a year', async ({
  page,
  preview,
}) => {
  // Yesterday and before: whole days, each with orders whatever the hour the test runs at.
  const last = localDay(localMidnight(localDay(Date.now()), -1));
  // A big sale yesterday: the amounts' axis goes past "$10,000.00", its widest label.
  const noon = localMidnight(last) + 12 * 3_600_000;
  preview.till.db
    .prepare(
      `INSERT INTO orders (id, number, status, payment_state, currency, subtotal, tax_total, total, customer_name,
                           created_at, updated_at, paid_at)
       VALUES (?, 99001, 'paid', 'paid', 'CAD', 1234567, 0, 1234567, 'Big Buyer', ?, ?, ?)`,
    )
    .run(timeOrderedIdAt(noon), noon, noon, noon);
  const daysBefore = (n: number) => localDay(localMidnight(last, -n));
  const caption = page.locator('.daily-chart figcaption');

  // One day: its name once, not months of invented dates.
  await showDays(page, last, last, 1);
  const [oneDay] = await tableDays(page);
  expect(await dayLabels(page)).toEqual([oneDay!.split(', ')[1]]);
  await expect(caption).toHaveText(`Net sales by day · ${oneDay}`);

  // Three days: three labels, each under its own day.
  await showDays(page, daysBefore(2), last, 3);
  expect(await dayLabels(page)).toEqual((await tableDays(page)).map((day) => day.split(', ')[1]));

  // A month: fewer labels than days, each a day of the range, none twice, oldest first.
  await showDays(page, daysBefore(30), last, 31);
  const monthDays = await tableDays(page);
  const monthLabels = await dayLabels(page);
  expect(monthLabels.length).toBeGreaterThan(7);
  const positions = monthLabels.map((label) => monthDays.findIndex((day) => day.includes(`, ${label}, `)));
  expect(positions).not.toContain(-1);
  expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));

  // A year: the first of each month, the first with its year; the caption's start has its own year.
  await showDays(page, daysBefore(365), last, 366);
  const yearDays = await tableDays(page);
  const yearLabels = await dayLabels(page);
  expect(yearLabels.length).toBeGreaterThanOrEqual(11);
  expect(yearLabels[0]).toMatch(/ \d{4}$/);
  for (const label of yearLabels) {
    const [month, year] = label.split(' ');
    const firstOfMonth = new RegExp(`, ${escape(month!)} 1, ${year ?? '\\d{4}'}$`);
    expect(
      yearDays.filter((day) => firstOfMonth.test(day)),
      label,
    ).toHaveLength(1);
  }
  await expect(caption).toHaveText(/ · \S+ \d+, \d{4} – \S+, \S+ \d+, \d{4}$/);

  // Every label, the amounts' ("$10,000.00") too, is whole on the canvas.
  const chart = (await drawnChart(page))!;
  for (const label of chart.labels) {
    expect(label.left, label.text).toBeGreaterThanOrEqual(0);
    expect(label.right, label.text).toBeLessThanOrEqual(chart.width);
    expect(label.top, label.text).toBeGreaterThanOrEqual(0);
    expect(label.bottom, label.text).toBeLessThanOrEqual(chart.height);
  }
});

test('the totals write counts as the owner reads them, and say on which day a refund counts', async ({
  page,
  preview,
}) => {
  const charged = preview.till.db
    .prepare("SELECT count(*) FROM orders WHERE payment_state = 'paid'")
    .pluck()
    .get() as number;
  const totals = page.getByRole('region', { name: 'Totals' });
  await expect(totals).toContainText(`1,500 (${charged.toLocaleString('en-US')} charged)`);
  await expect(totals).toContainText(
    'Refunds count here on the day of their order; End of day counts them on the day they were made.',
  );
});
