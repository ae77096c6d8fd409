import type { Ref } from 'react';
import { busy, canPay, type CheckoutState } from './checkout-machine';

interface Props {
  state: CheckoutState;
  total: string | null;
  /** The card form is ready and the order has a price. */
  payable: boolean;
  onPay(): void;
  onCancel(): void;
  onCheckAgain(): void;
  /** The Pay button, for the card form to hand the focus to (Esc inside the card form). */
  payRef?: Ref<HTMLButtonElement>;
}

/** What a busy step says on the Pay button, so the clerk knows what the page is waiting for. */
const WAITING: Record<string, string> = {
  paying: 'Processing…',
  authenticating: 'Waiting for the bank…',
  checking: 'Checking…',
};

/** The outcome the clerk reads to the caller, and what can be done next. */
export function PaymentActions({ state, total, payable, onPay, onCancel, onCheckAgain, payRef }: Props) {
  const { phase, notice, order } = state;
  const waiting = busy(state);
  const outcomeUnknown = phase.name === 'unknown' || (phase.name === 'checking' && phase.from.name === 'unknown');
  return (
    <>
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
          {notice.text}
        </p>
      )}
      <div className="actions">
        {order && (
          <button type="button" className="secondary" onClick={onCancel} disabled={waiting}>
            Cancel order
          </button>
        )}
        {outcomeUnknown && (
          <button type="button" className="secondary" onClick={onCheckAgain} disabled={waiting}>
            Check with Stripe again
          </button>
        )}
        <button
          ref={payRef}
          type="button"
          className="pay"
          onClick={onPay}
          disabled={!payable || !canPay(state)}
          aria-busy={waiting}
        >
          {WAITING[phase.name] ?? (total ? `Pay ${total}` : 'Pay')}
        </button>
      </div>
    </>
  );
}
