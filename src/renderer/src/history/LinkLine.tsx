import { useState } from 'react';
import type { OrderLink } from '#shared/contract';
import { dateTime } from './format';

const STATE_WORDS: Record<OrderLink['state'], (until: string) => string> = {
  making: () => 'being made; Till is checking with Stripe',
  waiting: (until) => `waiting for the customer, until ${until}`,
  expired: (until) => `expired at ${until} without being paid`,
  paid: () => 'paid by the customer',
  canceled: () => 'taken back',
  failed: () => 'not made',
};

/** The order's latest payment link in one line, with its address to copy while the customer can still pay it. */
export function LinkLine({ link, money }: { link: OrderLink; money(minor: number): string }) {
  const [copied, setCopied] = useState(false);
  return (
    <p className="link-line">
      Payment link{link.linkNo > 1 ? ` ${link.linkNo}` : ''} for {money(link.amount)}:{' '}
      {STATE_WORDS[link.state](dateTime.format(link.expiresAt))}
      {link.url && (
        <>
          {' '}
          <button
            type="button"
            className="link"
            onClick={() => void navigator.clipboard.writeText(link.url ?? '').then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy the link'}
          </button>
        </>
      )}
    </p>
  );
}
