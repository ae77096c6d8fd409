import type { EndOfDay, StripeDay } from '#shared/contract';
import { cardBrandName } from '#shared/card-brand';
import { formatMoney } from '#shared/money';
import { useAppInfo } from '../app-info';

const date = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium' });
const dateTime = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeStyle: 'short' });

/** A table of names with a count and an amount: by card brand, by staff member. */
function Breakdown({
  title,
  rows,
  money,
}: {
  title: string;
  rows: { name: string; count: number; amount: number }[];
  money(n: number): string;
}) {
  return (
    <table className="day-table" aria-label={title}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="numeric">
            Orders
          </th>
          <th scope="col" className="numeric">
            Sales
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              No sales
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.name}>
            <td>{row.name}</td>
            <td className="numeric">{row.count}</td>
            <td className="numeric">{money(row.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Stripe's balance transaction types in the words of a shop's accountant, in the order a statement lists them. */
const BALANCE_TYPES: [type: string, name: string][] = [
  ['charge', 'Card payments'],
  ['payment', 'Card payments'],
  ['refund', 'Refunds'],
  ['payment_refund', 'Refunds'],
  ['refund_failure', 'Refunds that failed (returned)'],
  ['adjustment', 'Disputes: withdrawn or returned'],
  ['stripe_fee', 'Stripe account fees'],
];
const BALANCE_TYPE_NAMES = new Map(BALANCE_TYPES);
const BALANCE_TYPE_RANK = new Map(BALANCE_TYPES.map(([type], rank) => [type, rank]));
const rankOf = (type: string) => BALANCE_TYPE_RANK.get(type) ?? BALANCE_TYPES.length;
const balanceTypeName = (type: string) => BALANCE_TYPE_NAMES.get(type) ?? type.replaceAll('_', ' ');
/** What a fee was charged on, in a few words: a dispute's fee ($15 in Canada) is no card payment's. */
const FEE_ON = new Map([
  ['charge', 'card payments'],
  ['payment', 'card payments'],
  ['adjustment', 'disputes'],
]);
/**
 * The day's fees by what they were charged on, when more than one kind had a fee: "card payments $18.27 · disputes
 * $15.00", in the order of `byRank` (the table's).
 */
function feesByKind(byRank: StripeDay['byType'], money: (minor: number) => string): string | null {
  const byKind = new Map<string, number>();
  for (const entry of byRank) {
    if (entry.type === 'payout' || entry.fee === 0) continue;
    const kind = FEE_ON.get(entry.type) ?? balanceTypeName(entry.type).toLowerCase();
    byKind.set(kind, (byKind.get(kind) ?? 0) + entry.fee);
  }
  if (byKind.size < 2) return null;
  return [...byKind].map(([kind, fee]) => `${kind} ${money(fee)}`).join(' · ');
}

/** A money amount with its sign in front, so a column of credits and debits reads like a bank statement. */
const signed = (minor: number, money: (n: number) => string) => (minor < 0 ? `−${money(-minor)}` : money(minor));

/**
 * The printable end of day: the shop's own figures, how they split by card and by staff, what changed since the day
 * was closed, and Stripe's side (fees, the deposit, payouts that landed). Print styles show only this.
 */
export function DayReport({ report }: { report: EndOfDay }) {
  const { figures: day, stripe } = report;
  const money = (minor: number) => formatMoney(minor, day.currency);
  const info = useAppInfo();
  // Stripe's kinds of balance transaction in a statement's order, for the table and for the fees by kind alike.
  const byRank = stripe ? [...stripe.byType].sort((a, b) => rankOf(a.type) - rankOf(b.type)) : [];
  const feeKinds = feesByKind(byRank, money);
  return (
    <article className="day-report" aria-label={`End of day ${day.day}`}>
      {/* On screen the window's header names the shop; on paper, which the bookkeeper files, the report does. */}
      {info.status === 'ready' && <p className="print-only day-report-shop">{info.value.shopName}</p>}
      <h2>
        End of day · {date.format(new Date(`${day.day}T12:00:00`))}
        {report.closed && <span className="day-closed"> · closed</span>}
      </h2>
      {report.closed && (
        <p className="muted small">
          Closed {dateTime.format(report.closed.at)}
          {report.closed.by ? ` by ${report.closed.by}` : ''}. The figures below are as they stand now; those kept at
          closing differ only where a change since closing is listed.
        </p>
      )}
      <table className="day-table" aria-label="Day totals">
        <tbody>
          <tr>
            <th scope="row">Orders paid</th>
            <td className="numeric">{day.orders}</td>
          </tr>
          <tr>
            <th scope="row">Sales before tax</th>
            <td className="numeric">{money(day.subtotal)}</td>
          </tr>
          {day.taxes.map((tax) => (
            <tr key={tax.name}>
              <th scope="row">{tax.name}</th>
              <td className="numeric">{money(tax.amount)}</td>
            </tr>
          ))}
          <tr className="grand">
            <th scope="row">Gross</th>
            <td className="numeric">{money(day.gross)}</td>
          </tr>
          <tr>
            <th scope="row">Refunds ({day.refunds.count})</th>
            <td className="numeric">−{money(day.refunds.amount)}</td>
          </tr>
          <tr>
            <th scope="row">Disputes lost ({day.disputes.lost})</th>
            <td className="numeric">−{money(day.disputes.lostAmount)}</td>
          </tr>
          <tr className="grand">
            <th scope="row">Net</th>
            <td className="numeric">{money(day.net)}</td>
          </tr>
          {day.disputes.opened > 0 && (
            <tr>
              <th scope="row">Disputes opened ({day.disputes.opened})</th>
              <td className="numeric">{money(day.disputes.openedAmount)}</td>
            </tr>
          )}
        </tbody>
      </table>

      {report.adjustments.length > 0 && (
        <table className="day-table adjustments" aria-label="Adjustments since closing">
          <caption>Changed since the day was closed</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="numeric">
                At closing
              </th>
              <th scope="col" className="numeric">
                Now
              </th>
            </tr>
          </thead>
          <tbody>
            {report.adjustments.map((a) => (
              <tr key={a.figure}>
                <td>{a.figure}</td>
                <td className="numeric">{a.figure === 'Orders' ? a.closed : money(a.closed)}</td>
                <td className="numeric">{a.figure === 'Orders' ? a.now : money(a.now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="day-breakdowns">
        <Breakdown
          title="By card"
          rows={day.byBrand.map((b) => ({ ...b, name: cardBrandName(b.name) }))}
          money={money}
        />
        <Breakdown title="By staff member" rows={day.byStaff} money={money} />
      </div>

      <h3>Stripe</h3>
      {report.stripeMessage && <p className="notice warning">{report.stripeMessage}</p>}
      {stripe && (
        <>
          <table className="day-table" aria-label="Stripe fees and deposit">
            <tbody>
              {byRank
                .filter((entry) => entry.type !== 'payout')
                .map((entry) => (
                  <tr key={entry.type}>
                    <th scope="row">
                      {balanceTypeName(entry.type)} ({entry.count})
                    </th>
                    <td className="numeric">{signed(entry.amount, money)}</td>
                  </tr>
                ))}
              <tr>
                <th scope="row">
                  Stripe fees
                  {feeKinds && <span className="muted small"> (on {feeKinds})</span>}
                </th>
                <td className="numeric">−{money(stripe.fees)}</td>
              </tr>
              <tr className="grand">
                <th scope="row">To be deposited from this day</th>
                <td className="numeric">{money(stripe.net)}</td>
              </tr>
            </tbody>
          </table>
          {stripe.payouts.length === 0 ? (
            <p className="muted">No payout reached the bank this day.</p>
          ) : (
            stripe.payouts.map((payout) => (
              <table key={payout.id} className="day-table" aria-label={`Payout ${payout.id}`}>
                <caption>
                  Payout of {money(payout.amount)} to the bank ({payout.status.replaceAll('_', ' ')}) · {payout.id}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Holds</th>
                    <th scope="col" className="numeric">
                      Amount
                    </th>
                    <th scope="col" className="numeric">
                      Fee
                    </th>
                    <th scope="col" className="numeric">
                      Net
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {payout.items.map((item, index) => (
                    <tr key={index}>
                      <td>
                        {item.type.replaceAll('_', ' ')}
                        {item.orderNumber !== null ? ` · order #${item.orderNumber}` : ''}
                      </td>
                      <td className="numeric">{money(item.amount)}</td>
                      <td className="numeric">{money(item.fee)}</td>
                      <td className="numeric">{money(item.net)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))
          )}
        </>
      )}
    </article>
  );
}
