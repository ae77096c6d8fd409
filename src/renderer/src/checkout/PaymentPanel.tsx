import { PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { useEffect, useImperativeHandle, type Ref } from 'react';
import type { PaymentOutcome } from '../../../shared/contract';
import type { TillError } from '../../../shared/result';

export interface PaymentPanelHandle {
  /** Runs the whole card step; resolves with main's outcome, or a card-form error to show. */
  pay(send: (confirmationTokenId: string) => Promise<PaymentStep>): Promise<PaymentStep>;
}

export type PaymentStep = { outcome: PaymentOutcome } | { error: TillError | { code: 'card_form'; message: string } };

interface Props {
  ref: Ref<PaymentPanelHandle>;
  customer: { name: string; email: string; phone: string };
  refresh(orderId: string): Promise<PaymentStep>;
  onReady(ready: boolean): void;
}

/**
 * The card form (Stripe's Payment Element, card only) and the card step of paying. The digits stay inside
 * Stripe's iframe: Till receives a ConfirmationToken id, and main does the charging.
 */
export function PaymentPanel({ ref, customer, refresh, onReady }: Props) {
  const stripe = useStripe();
  const elements = useElements();
  useEffect(() => onReady(Boolean(stripe && elements)), [stripe, elements, onReady]);

  useImperativeHandle(
    ref,
    () => ({
      async pay(send) {
        if (!stripe || !elements) return { error: { code: 'card_form', message: 'The card form is still loading.' } };
        const submitted = await elements.submit();
        if (submitted.error)
          return { error: { code: 'card_form', message: submitted.error.message ?? 'Check the card details.' } };
        const token = await stripe.createConfirmationToken({
          elements,
          params: {
            payment_method_data: {
              billing_details: { name: customer.name, email: customer.email || null, phone: customer.phone },
            },
          },
        });
        if (token.error)
          return { error: { code: 'card_form', message: token.error.message ?? 'Check the card details.' } };

        const step = await send(token.confirmationToken.id);
        if (!('outcome' in step) || step.outcome.status !== 'requires_action' || !step.outcome.clientSecret)
          return step;

        // The bank asks for 3D Secure: Stripe.js shows its challenge, then main asks Stripe how it ended.
        await stripe.handleNextAction({ clientSecret: step.outcome.clientSecret });
        return refresh(step.outcome.orderId);
      },
    }),
    [stripe, elements, customer, refresh],
  );

  return (
    <div className="card-form">
      <PaymentElement options={{ layout: 'tabs' }} />
    </div>
  );
}
