/**
 * A checkout page as a Till-like integration writes it: react-stripe-js <Elements> in deferred mode around a
 * <PaymentElement>; Pay → elements.submit() → stripe.createConfirmationToken() → the merchant server creates and
 * confirms the PaymentIntent → stripe.handleNextAction() when 3D Secure is needed → the server re-reads the intent.
 * The page loads Stripe.js from the simulator with a <script src> (injected by the test server) and never imports
 * simulator code. (JSX rather than TSX: tsconfig.node.json includes test/** without DOM or JSX.)
 */
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const AMOUNT = 2599;
const publishableKey = document.querySelector('meta[name="simulator-publishable-key"]').content;
const stripePromise = loadStripe(publishableKey);

async function api(path, body) {
  const response = await fetch(path, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json();
}

function CheckoutForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [elementError, setElementError] = useState('');
  const [state, setState] = useState({ status: 'idle', message: '', paymentIntent: '' });

  async function pay(event) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setState({ status: 'working', message: 'Processing…', paymentIntent: '' });
    const fail = (message, paymentIntent = '') => setState({ status: 'failed', message, paymentIntent });

    const { error: submitError } = await elements.submit();
    if (submitError) return fail(submitError.message);
    const { error, confirmationToken } = await stripe.createConfirmationToken({ elements });
    if (error) return fail(error.message);

    let intent = await api('/api/pay', { confirmationToken: confirmationToken.id });
    if (intent.error) return fail(intent.error.message, intent.id ?? '');
    if (intent.status === 'requires_action') {
      const result = await stripe.handleNextAction({ clientSecret: intent.clientSecret });
      intent = await api(`/api/payment-intents/${intent.id}`);
      if (result.error) return fail(result.error.message, intent.id);
    }
    if (intent.status === 'succeeded') {
      setState({ status: 'succeeded', message: `Payment succeeded (${intent.id})`, paymentIntent: intent.id });
    } else {
      fail(`Payment ${intent.status}`, intent.id);
    }
  }

  return (
    <form onSubmit={pay} aria-label="Card payment">
      <PaymentElement
        onReady={() => setReady(true)}
        onChange={(event) => setElementError(event.error ? event.error.message : '')}
      />
      <p className="element-error" data-testid="element-error">
        {elementError}
      </p>
      <button type="submit" disabled={!stripe || !ready || state.status === 'working'}>
        Pay $25.99
      </button>
      <p role="status" data-state={state.status} data-payment-intent={state.paymentIntent}>
        {state.message}
      </p>
    </form>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Elements stripe={stripePromise} options={{ mode: 'payment', amount: AMOUNT, currency: 'cad' }}>
      <CheckoutForm />
    </Elements>
  </StrictMode>,
);
