import type { LinkState } from './use-payment-link';

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/**
 * "Send a payment link instead", under the card form. It says why a link would help now: always for a caller who
 * will not read out a card number; more loudly when the bank's 3D Secure check failed (on their own phone the caller
 * can finish it) or when the last link ran out unpaid.
 */
export function PaymentLinkOffer({
  link,
  bankCheckFailed,
  disabled,
  onSend,
}: {
  link: LinkState;
  bankCheckFailed: boolean;
  disabled: boolean;
  onSend(): void;
}) {
  const expired = link.step === 'expired';
  const urged = expired || bankCheckFailed;
  const why = expired
    ? `The payment link ran out at ${time.format(link.expiresAt)} without being paid. Send a new one, or key the card.`
    : bankCheckFailed
      ? "The bank's check did not go through. With a payment link the caller pays on their own phone, where their " +
        'bank can check it is them.'
      : 'The caller pays on their own phone or computer; no card number is read out.';
  return (
    <div className={urged ? 'payment-link-offer urged' : 'payment-link-offer'}>
      <button type="button" className={urged ? undefined : 'secondary'} disabled={disabled} onClick={onSend}>
        {link.step === 'sending'
          ? 'Making the link…'
          : expired
            ? 'Send a new payment link'
            : 'Send a payment link instead'}
      </button>
      <span className={urged ? 'small' : 'muted small'} role={urged ? 'status' : undefined}>
        {why}
      </span>
      {link.step === 'failed' && (
        <p role="alert" className="error-text">
          {link.message}
        </p>
      )}
    </div>
  );
}
