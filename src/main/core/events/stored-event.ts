/**
 * What of a Stripe event the order log keeps: only the fields Till reads back, never a secret.
 *
 * An event's object is the whole PaymentIntent, charge, refund or dispute as Stripe had it: a PaymentIntent carries
 * its `client_secret` (whoever holds it can confirm the payment) and, in `next_action`, URLs with that secret in them;
 * a failed payment carries the card's PaymentMethod with the cardholder's name, e-mail and address. The log needs
 * none of that. What Till reads from a stored event is what the event processor applies (orders/intent-outcome.ts
 * reading a PaymentIntent, the refund and dispute fields it records, the ids and `till_*` metadata that find the
 * order, including later from stored JSON) and what the order's timeline shows (orders/order-timeline-queries.ts:
 * amount, currency, status, reason, amount_refunded). Every event is reduced here before it is stored and before it
 * is applied, so anything applied is something the log can replay; migration 9 passes older rows through the same
 * function.
 */
import type Stripe from 'stripe';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pick(source: Json, keys: readonly string[]): Json {
  const kept: Json = {};
  for (const key of keys) if (key in source) kept[key] = source[key];
  return kept;
}

/** An expandable reference (`"pi_…"` or the expanded object) as its id: an expanded object may hold secrets. */
function reference(value: unknown): unknown {
  return isObject(value) ? (value.id ?? null) : value;
}

/** Only the metadata Till wrote (`till_order_id`, `till_refund_id`, …); whatever else others put there is theirs. */
function tillMetadata(value: unknown): Json | null | undefined {
  if (!isObject(value)) return value as null | undefined;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key.startsWith('till_')));
}

/** A PaymentMethod as intent-outcome reads it: the card's brand and last four digits, no billing details. */
function paymentMethod(value: unknown): unknown {
  if (!isObject(value)) return value;
  const card = isObject(value.card) ? pick(value.card, ['brand', 'last4']) : value.card;
  return { ...pick(value, ['id', 'object', 'type']), ...(card === undefined ? {} : { card }) };
}

function lastPaymentError(value: unknown): unknown {
  if (!isObject(value)) return value;
  const kept = pick(value, ['type', 'code', 'decline_code', 'message']);
  if ('payment_method' in value) kept.payment_method = paymentMethod(value.payment_method);
  return kept;
}

const COMMON = ['id', 'object', 'status', 'amount', 'currency', 'created', 'livemode'] as const;

function withReferences(object: Json, kept: Json): Json {
  for (const key of ['payment_intent', 'charge'] as const) if (key in object) kept[key] = reference(object[key]);
  if ('metadata' in object) kept.metadata = tillMetadata(object.metadata);
  return kept;
}

const REDUCERS: Record<string, (object: Json) => Json> = {
  payment_intent: (intent) => {
    const kept = pick(intent, [...COMMON, 'amount_received', 'cancellation_reason']);
    if ('payment_method' in intent) kept.payment_method = paymentMethod(intent.payment_method);
    if ('last_payment_error' in intent) kept.last_payment_error = lastPaymentError(intent.last_payment_error);
    return withReferences(intent, kept);
  },
  charge: (charge) => withReferences(charge, pick(charge, [...COMMON, 'amount_refunded', 'refunded'])),
  refund: (refund) => withReferences(refund, pick(refund, [...COMMON, 'reason', 'failure_reason'])),
  dispute: (dispute) => withReferences(dispute, pick(dispute, [...COMMON, 'reason'])),
  // A payment link: whether it was paid or expired, and the payment it made. Not its URL, nor the customer's details.
  'checkout.session': (session) =>
    withReferences(session, pick(session, [...COMMON, 'payment_status', 'amount_total', 'expires_at'])),
};

/** An object of a kind Till does not act on: what says which one it is and where it stands. */
const reduceOther = (object: Json) =>
  withReferences(object, pick(object, [...COMMON, 'amount_refunded', 'amount_received', 'reason']));

const CLIENT_SECRET = /\b(pi|seti)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+/;

/**
 * The last word whatever the allow-lists above say: no `client_secret` key at any depth, and no string that holds
 * one (a URL with `payment_intent_client_secret=…`).
 */
function withoutClientSecrets(value: unknown): unknown {
  if (typeof value === 'string') return CLIENT_SECRET.test(value) ? '[redacted]' : value;
  if (Array.isArray(value)) return value.map(withoutClientSecrets);
  if (!isObject(value)) return value;
  const kept: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== 'client_secret') kept[key] = withoutClientSecrets(item);
  }
  return kept;
}

/** The event as the order log keeps it. Applying it moves an order exactly as applying the whole event does. */
export function storedEvent(event: Stripe.Event): Stripe.Event {
  const raw = event as unknown as Json;
  const data = isObject(raw.data) ? raw.data : {};
  const object = isObject(data.object) ? data.object : {};
  const reduce = REDUCERS[String(object.object)] ?? reduceOther;
  const kept = {
    ...pick(raw, ['id', 'object', 'type', 'created', 'livemode', 'api_version']),
    data: { object: reduce(object) },
  };
  return withoutClientSecrets(kept) as Stripe.Event;
}
