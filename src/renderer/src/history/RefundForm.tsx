import { useState, type FormEvent } from 'react';
import type { OrderDetail, RefundOutcome, RefundReason } from '#shared/contract';
import { formatMoney, toDecimal } from '#shared/money';
import { REFUND_REASON_LABELS } from '#shared/refund-reasons';
import { parseAmount } from '../checkout/money-input';
import { PinField } from '../components/PinField';
import { TextField } from '../components/TextField';
import { fieldMessage } from '../field-message';
import { till } from '../staff/till';

type Field = 'amount' | 'reason' | 'note' | 'pin' | 'other';

interface Props {
  order: Pick<OrderDetail, 'id' | 'currency' | 'refundable'>;
  /** Called with main's answer once Stripe has been asked (whatever it said). */
  onDone(outcome: RefundOutcome): void;
  onCancel(): void;
}

/**
 * Gives money back on a paid order: all that is left, or part of it. Main checks the PIN of whoever is signed in (a
 * manager or the owner: their own PIN, so the refund names them) and the amount left,
 * writes the refund before asking Stripe, and answers with what happened; this form only collects the request.
 */
export function RefundForm({ order, onDone, onCancel }: Props) {
  const [amount, setAmount] = useState(toDecimal(order.refundable, order.currency));
  const [reason, setReason] = useState<RefundReason>('requested_by_customer');
  const [note, setNote] = useState('');
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [sending, setSending] = useState(false);
  const minor = parseAmount(amount, order.currency);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (minor === null || minor === 0) {
      setErrors({ amount: 'Enter the amount to refund, like 12.50' });
      return;
    }
    setSending(true);
    const result = await till.orders.refund({ orderId: order.id, amount: minor, reason, note, pin });
    setSending(false);
    if (!result.ok) {
      const field = (['amount', 'reason', 'note', 'pin'] as const).find((f) => f === result.error.field) ?? 'other';
      setErrors({ [field]: fieldMessage(result.error) });
      return;
    }
    onDone(result.value);
  }

  return (
    <form className="refund-form" aria-label="Refund" onSubmit={(event) => void submit(event)}>
      <h3>Refund</h3>
      <p className="hint">
        Up to {formatMoney(order.refundable, order.currency)} can go back to the card. Stripe cannot undo a refund.
      </p>
      <div className="field-row">
        <TextField
          id="refund-amount"
          label="Amount"
          value={amount}
          error={errors.amount}
          onChange={setAmount}
          inputMode="decimal"
          autoComplete="off"
        />
        <label className="field">
          <span>Why</span>
          <select value={reason} onChange={(event) => setReason(event.target.value as RefundReason)}>
            {Object.entries(REFUND_REASON_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <TextField
        id="refund-note"
        label="Note (optional, never card details)"
        value={note}
        error={errors.note}
        onChange={setNote}
        maxLength={200}
      />
      <PinField id="refund-pin" label="Your PIN" value={pin} error={errors.pin} onChange={setPin} />
      {errors.other && (
        <p role="alert" className="error-text">
          {errors.other}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={sending}>
          {sending ? 'Refunding…' : minor ? `Refund ${formatMoney(minor, order.currency)}` : 'Refund'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={sending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
