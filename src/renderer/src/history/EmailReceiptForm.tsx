import { useState } from 'react';
import { TextField } from '../components/TextField';
import { fieldMessage } from '../field-message';
import { till } from '../staff/till';

/**
 * "E-mail the receipt": Stripe sends the paid order's receipt to the address given (the caller's, filled in when the
 * order has one), and from then on each refund's receipt too.
 */
export function EmailReceiptForm({ orderId, email }: { orderId: string; email: string | null }) {
  const [to, setTo] = useState(email ?? '');
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({
    busy: false,
    message: null,
    error: null,
  });
  async function send() {
    setState({ busy: true, message: null, error: null });
    const answer = await till.orders.sendReceipt({ orderId, email: to.trim() });
    setState(
      answer.ok
        ? { busy: false, message: answer.value.message, error: null }
        : { busy: false, message: null, error: fieldMessage(answer.error) },
    );
  }
  return (
    <form
      className="email-receipt"
      aria-label="E-mail the receipt"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <TextField
        id={`receipt-email-${orderId}`}
        label="E-mail the receipt to"
        type="email"
        value={to}
        error={state.error ?? undefined}
        onChange={setTo}
      />
      <button type="submit" className="secondary" disabled={state.busy || to.trim() === ''}>
        {state.busy ? 'Sending…' : 'E-mail the receipt'}
      </button>
      {state.message && (
        <p role="status" className="muted small">
          {state.message}
        </p>
      )}
    </form>
  );
}
