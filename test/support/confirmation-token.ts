/**
 * Stripe.js's part of a payment, for tests and benchmarks: the card becomes a ConfirmationToken, created with the
 * publishable key as the card form would. Throws with Stripe's message when the simulator refuses. A postal code,
 * when given, is sent as the card form's billing details, so the bank checks it (`address_postal_code_check`).
 */
export async function createConfirmationToken(
  baseUrl: string,
  publishableKey: string,
  cardNumber: string,
  postalCode?: string,
) {
  const response = await fetch(`${baseUrl}/v1/confirmation_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': cardNumber,
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '2034',
      'payment_method_data[card][cvc]': '123',
      ...(postalCode ? { 'payment_method_data[billing_details][address][postal_code]': postalCode } : {}),
    }),
  });
  const body = (await response.json()) as { id?: string; error?: { message: string } };
  if (!body.id) throw new Error(`confirmation token refused: ${body.error?.message}`);
  return body.id;
}
