/**
 * A day's end-of-day report as CSV for the bookkeeper: one row per figure, amounts as plain decimals. A closed day's
 * later changes come last, under a header of their own (as the page shows them): each figure at closing and now, the
 * order count as a whole number and every other figure as an amount.
 */
import { stringify } from 'csv-stringify/sync';
import type { EndOfDay } from '#shared/contract';
import { cardBrandName } from '#shared/card-brand';
import { toDecimal } from '#shared/money';
import { escapeFormula } from '../spreadsheet-text';

/** The section of a closed day's later changes, also the first cell of its own header row. */
const ADJUSTMENTS = 'Changed since closing';

export function dayCsv(report: EndOfDay): string {
  const { figures: day } = report;
  const money = (minor: number) => toDecimal(minor, day.currency);
  const rows: (string | number)[][] = [
    ['Sales', 'Orders paid', day.orders, money(day.gross)],
    ['Sales', 'Subtotal', '', money(day.subtotal)],
    ...day.taxes.map((tax) => ['Tax', escapeFormula(tax.name), '', money(tax.amount)]),
    ['Refunds', 'Refunds made', day.refunds.count, money(-day.refunds.amount)],
    ['Disputes', 'Opened', day.disputes.opened, money(day.disputes.openedAmount)],
    ['Disputes', 'Lost', day.disputes.lost, money(-day.disputes.lostAmount)],
    ['Net', 'Gross less refunds and lost disputes', '', money(day.net)],
    ...day.byBrand.map((b) => ['By card', cardBrandName(b.name), b.count, money(b.amount)]),
    ...day.byStaff.map((s) => ['By staff', escapeFormula(s.name), s.count, money(s.amount)]),
  ];
  if (report.stripe) {
    rows.push(
      ['Stripe', 'Fees', '', money(-report.stripe.fees)],
      ['Stripe', 'To be deposited', '', money(report.stripe.net)],
    );
    for (const payout of report.stripe.payouts)
      rows.push(['Payout landed', payout.id, payout.items.length, money(payout.amount)]);
  }
  if (report.adjustments.length > 0) {
    // The figures adjustmentsOf compares: 'Orders' is a count, the rest amounts (as DayReport.tsx shows them).
    const value = (figure: string, n: number) => (figure === 'Orders' ? n : money(n));
    rows.push([ADJUSTMENTS, 'Figure', 'At closing', 'Now']);
    for (const a of report.adjustments)
      rows.push([ADJUSTMENTS, escapeFormula(a.figure), value(a.figure, a.closed), value(a.figure, a.now)]);
  }
  return stringify(rows, { header: true, columns: ['Section', 'Figure', 'Count', `Amount (${day.currency})`] });
}
