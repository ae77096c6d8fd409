import type { HistoryTotals } from '#shared/contract';
import { formatMoney } from '#shared/money';

/** What the orders on screen add up to (every match, not only the rows shown), one line per currency. */
export function TotalsBar({ totals }: { totals: HistoryTotals[] }) {
  if (totals.length === 0) return null;
  return (
    <section className="history-totals" aria-label="Totals">
      {totals.map((t) => {
        const money = (minor: number) => formatMoney(minor, t.currency);
        return (
          <dl key={t.currency} className="totals-line">
            <div>
              <dt>Orders</dt>
              <dd>
                {t.orders.toLocaleString()} <span className="muted small">({t.charged.toLocaleString()} charged)</span>
              </dd>
            </div>
            <div>
              <dt>Gross</dt>
              <dd>{money(t.gross)}</dd>
            </div>
            <div>
              <dt>Refunds</dt>
              <dd>{money(t.refunded)}</dd>
            </div>
            {t.disputesLost > 0 && (
              <div>
                <dt>Disputes lost</dt>
                <dd>{money(t.disputesLost)}</dd>
              </div>
            )}
            <div className="net">
              <dt>Net</dt>
              <dd>{money(t.net)}</dd>
            </div>
          </dl>
        );
      })}
      <p className="muted small">
        Net is before Stripe&apos;s fees. Declined, open and canceled orders moved no money. Refunds count here on the
        day of their order; End of day counts them on the day they were made.
      </p>
    </section>
  );
}
