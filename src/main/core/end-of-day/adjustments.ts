/**
 * What changed on a closed day since it was closed, figure by figure: a refund given later of an order of that day
 * moves nothing here (refunds count on the day they were made), but a payment settled late, a refund that failed
 * after closing, or a dispute Stripe reported late does. Each is shown beside the figure as it was closed.
 */
import type { DayFigures, EndOfDay } from '#shared/contract';

/** The figures a closed day is checked on, in the owner's words. */
function figuresOf(day: DayFigures): Map<string, number> {
  const figures = new Map<string, number>([
    ['Orders', day.orders],
    ['Gross', day.gross],
    ...day.taxes.map((tax): [string, number] => [tax.name, tax.amount]),
    ['Refunds', day.refunds.amount],
    ['Disputes lost', day.disputes.lostAmount],
    ['Net', day.net],
  ]);
  return figures;
}

export function adjustmentsOf(closed: DayFigures, now: DayFigures): EndOfDay['adjustments'] {
  const before = figuresOf(closed);
  const after = figuresOf(now);
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names
    .map((figure) => ({ figure, closed: before.get(figure) ?? 0, now: after.get(figure) ?? 0 }))
    .filter((entry) => entry.closed !== entry.now);
}
