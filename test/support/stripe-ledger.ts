import type Stripe from 'stripe';

/**
 * What Stripe itself says happened, grouped by Till order (the `till_order_id` Till puts in every PaymentIntent's
 * metadata): the yardstick the crash harness and the fault run hold the order log against.
 */
export async function readStripeLedger(stripe: Stripe) {
  const intents: Stripe.PaymentIntent[] = [];
  for await (const intent of stripe.paymentIntents.list({ limit: 100 })) intents.push(intent);
  const charges: Stripe.Charge[] = [];
  for await (const charge of stripe.charges.list({ limit: 100 })) charges.push(charge);

  const intentsOf = new Map<string, Stripe.PaymentIntent[]>();
  for (const intent of intents) {
    const orderId = intent.metadata.till_order_id;
    if (orderId) intentsOf.set(orderId, [...(intentsOf.get(orderId) ?? []), intent]);
  }
  const orderOfIntent = new Map(intents.map((i) => [i.id, i.metadata.till_order_id]));
  const succeededChargesOf = new Map<string, Stripe.Charge[]>();
  for (const charge of charges) {
    if (charge.status !== 'succeeded') continue;
    const orderId = orderOfIntent.get(charge.payment_intent as string);
    if (orderId) succeededChargesOf.set(orderId, [...(succeededChargesOf.get(orderId) ?? []), charge]);
  }
  return { intentsOf, succeededChargesOf };
}

/** The order-log payment state a PaymentIntent's status should have led to. */
export const paymentStateOfIntent = (status: string) =>
  status === 'succeeded'
    ? 'paid'
    : status === 'requires_payment_method'
      ? 'failed'
      : status === 'canceled'
        ? 'canceled'
        : status;
