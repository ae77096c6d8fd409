/**
 * Stripe.js's part of a payment, for tests and benchmarks: the card becomes a ConfirmationToken, created with the
 * publishable key as the card form would. Throws with Stripe's message when the simulator refuses.
 */
export async function createConfirmationToken(baseUrl: string, publishableKey: string, cardNumber: string) {
  const response = await fetch(`${baseUrl}/v1/confirmation_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': cardNumber,
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '2034',
      'payment_method_data[card][cvc]': '123',
    }),
  });
  const body = (await response.json()) as { id?: string; error?: { message: string } };
  if (!body.id) throw new Error(`confirmation token refused: ${body.error?.message}`);
  return body.id;
}
