import { useEffect, useState } from 'react';
import type { LinkOutcome } from '#shared/contract';

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/**
 * The link the caller pays on their own phone or computer: to read out, copy, scan from the screen (a QR code the
 * caller's phone camera opens) or send from the PC's mail program. The card number never touches this PC.
 */
export function PaymentLinkPanel({
  link,
  email,
  total,
  onClose,
}: {
  link: LinkOutcome;
  email: string;
  total: string | null;
  onClose(): void;
}) {
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let current = true;
    // An SVG drawn from the URL here: no image is fetched, and the CSP needs nothing new. The QR library loads only
    // when a link is out (a third of the Checkout page's JavaScript otherwise, for a panel most payments never show).
    void import('qrcode')
      .then(({ default: QRCode }) =>
        QRCode.toString(link.url ?? '', { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      )
      .then((svg) => {
        if (current) setQr(svg);
      });
    return () => {
      current = false;
    };
  }, [link.url]);

  const subject = `Your payment link for order #${link.orderNumber}`;
  const body = `Here is the link to pay order #${link.orderNumber}${total ? ` (${total})` : ''}:\n\n${link.url}\n\nIt works until ${time.format(link.expiresAt ?? 0)}.`;
  const mailto = `mailto:${encodeURIComponent(email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;

  return (
    <section className="panel payment-link" aria-label="Payment link">
      <p role="status">
        Waiting for the customer to pay{total ? ` ${total}` : ''} through the link. It works until{' '}
        {time.format(link.expiresAt ?? 0)}.
      </p>
      <label className="field">
        <span>Link</span>
        <input readOnly value={link.url ?? ''} onFocus={(event) => event.target.select()} />
      </label>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => void navigator.clipboard.writeText(link.url ?? '').then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <a className="button secondary" href={mailto}>
          E-mail it
        </a>
        <button type="button" className="secondary" onClick={onClose}>
          Take the link back and key the card
        </button>
      </div>
      {qr && (
        <figure className="payment-link-qr">
          {/* Markup qrcode generated from the URL alone: no script, no outside content. */}
          <div aria-hidden="true" dangerouslySetInnerHTML={{ __html: qr }} />
          <figcaption className="muted small">For a customer at the counter: their phone's camera opens it.</figcaption>
        </figure>
      )}
    </section>
  );
}
