/**
 * End of day (`#/end-of-day`, owner and managers): a day's figures from the log, Stripe's fees, deposit and payouts,
 * and closing the day — its figures kept as they were, later changes shown as adjustments.
 */
import type { EndOfDay } from '#shared/contract';
import { localDay } from '#shared/local-day';
import type { TillShell } from '../app/till-shell';
import { staffIdOf, type AuditLog } from '../db/audit-log';
import { conflict, invalidInput } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { PinConfirmation } from '../staff/pin-confirmation';
import { adjustmentsOf } from './adjustments';
import type { DayCloseStore } from './day-close-store';
import { dayCsv } from './day-csv';
import type { DayFiguresQuery } from './day-figures';
import type { StripeDayQuery } from './stripe-day';

export interface EndOfDayDeps {
  figures: DayFiguresQuery;
  /** Null without Stripe (training without the simulator): the report says so. */
  stripeDay: StripeDayQuery | null;
  closes: DayCloseStore;
  confirm: PinConfirmation;
  audit: AuditLog;
  shell: TillShell;
  currency(): string;
  now?: () => number;
}

export function endOfDayHandlers(deps: EndOfDayDeps) {
  const now = deps.now ?? Date.now;

  /** The report the owner's page got last: the CSV of that day gives the same figures, without asking Stripe again. */
  let lastShown: EndOfDay | null = null;

  /** `figures`: the day's figures when the caller has just added them up (closing keeps them). */
  async function report(day: string, figures = deps.figures.of(day, deps.currency())): Promise<EndOfDay> {
    const closed = deps.closes.get(day);
    const fromStripe = deps.stripeDay ? await deps.stripeDay.of(day, deps.currency()) : null;
    const stripeMessage = !fromStripe
      ? 'Stripe is not connected: fees, deposits and payouts appear once Stripe keys are set.'
      : fromStripe.kind === 'answered'
        ? null
        : fromStripe.kind === 'error'
          ? `Stripe did not give the day's fees and payouts: ${fromStripe.error.message ?? 'no reason given'}`
          : "Stripe could not be reached, so the day's fees and payouts are missing. The shop's own figures are complete.";
    return {
      figures,
      closed,
      adjustments: closed ? adjustmentsOf(closed.figures, figures) : [],
      stripe: fromStripe?.kind === 'answered' ? fromStripe.value : null,
      stripeMessage,
    };
  }

  const shown = async (day: string, figures?: EndOfDay['figures']) => {
    lastShown = await report(day, figures);
    return lastShown;
  };

  /**
   * The report the CSV is made from: the one the page shows when the shop's side is still what it showed (the
   * figures added up again from the log, closed or not as then); else the day anew, Stripe asked once.
   */
  async function forExport(day: string): Promise<EndOfDay> {
    const figures = deps.figures.of(day, deps.currency());
    const seen = lastShown;
    const unchanged =
      seen?.figures.day === day &&
      // Stripe's side missing from what the page got (unreachable, say) is asked for again.
      (seen.stripe !== null || !deps.stripeDay) &&
      JSON.stringify(seen.figures) === JSON.stringify(figures) &&
      JSON.stringify(seen.closed) === JSON.stringify(deps.closes.get(day));
    return unchanged ? seen : report(day, figures);
  }

  return defineHandlers({
    'endOfDay.get': ({ day }) => shown(day),
    'endOfDay.close': async ({ day, pin }, caller) => {
      if (day > localDay(now())) throw invalidInput('A day can be closed once it has begun.', 'day');
      await deps.confirm.require(caller, pin);
      const figures = deps.figures.of(day, deps.currency());
      const closedNow = deps.closes.close(day, figures, staffIdOf(caller));
      if (!closedNow) throw conflict(`${day} is already closed; its figures are kept as they were.`);
      deps.audit.record(caller, 'day.closed', null, { day, net: figures.net, orders: figures.orders });
      return shown(day, figures);
    },
    'endOfDay.exportCsv': async ({ day }, caller) => {
      const fileName = `Till-end-of-day-${day}.csv`;
      const saved = await deps.shell.saveCsv(fileName, dayCsv(await forExport(day)));
      if (saved.path || saved.csv) deps.audit.record(caller, 'day.exported', null, { day });
      return { ...saved, fileName, rows: 1 };
    },
  });
}
