/**
 * Checkout Sessions (pay-by-link): a session lists line items and has a `url` to a hosted pay page the simulator
 * serves (./pages/checkout). Paying creates and confirms a PaymentIntent like any other; when it succeeds the
 * session completes and `checkout.session.completed` follows the payment events, as on Stripe.
 */
import type Stripe from 'stripe';
import type { CheckoutLineItem, CheckoutSessionMeta, Engine } from '../engine';
import { invalidRequest, parameterMissing, resourceMissing, SimulatorError } from '../api/errors';
import { applyMetadata, Params } from '../api/params';
import type { ListParams } from '../http/lists';
import { newId, randomAlnum } from '../ids';
import { createProduct, getPrice } from './catalog';
import { confirmPaymentIntent } from './payment-flow';
import { buildPaymentIntent, readCurrency } from './payment-intents';

/** `expires_at`: "anywhere from 30 minutes to 24 hours after Checkout Session creation", 24 hours by default. */
const TTL_SECONDS = 24 * 60 * 60;
const MIN_TTL_SECONDS = 30 * 60;
const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'] as const;

function readExpiresAt(p: Params, created: number): number {
  const expiresAt = p.int('expires_at');
  if (expiresAt == null) return created + TTL_SECONDS;
  if (expiresAt < created + MIN_TTL_SECONDS) {
    throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', {
      param: 'expires_at',
    });
  }
  if (expiresAt > created + TTL_SECONDS) {
    throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', {
      param: 'expires_at',
    });
  }
  return expiresAt;
}

export function getCheckoutSession(engine: Engine, id: string): Stripe.Checkout.Session {
  const session = engine.store.checkoutSessions.get(id);
  if (!session) throw resourceMissing('checkout.session', id, 'session');
  return session;
}

export const checkoutMeta = (engine: Engine, id: string): CheckoutSessionMeta =>
  engine.store.checkoutSessions.meta(id)!;

function readLineItems(engine: Engine, p: Params): { items: CheckoutLineItem[]; currency: string } {
  const list = p.objList('line_items');
  if (!list || list.length === 0) throw parameterMissing('line_items');
  let currency: string | null = null;
  const items = list.map((item) => {
    const quantity = item.int('quantity', { min: 1 }) ?? 1;
    const priceId = item.string('price');
    let priceData = item.obj('price_data');
    if (!priceId && !priceData && item.has('amount')) {
      // Legacy line items (`name`, `amount`, `currency`, still used by `stripe trigger checkout.session.completed`).
      priceData = new Params(
        {
          currency: item.raw.currency,
          unit_amount: item.raw.amount,
          product_data: {
            name: item.raw.name ?? 'Item',
            ...(item.raw.description ? { description: item.raw.description } : {}),
          },
        },
        item.name('price_data'),
      );
    }
    let price: Stripe.Price;
    if (priceId) price = getPrice(engine, priceId);
    else if (priceData) {
      const productData = priceData.obj('product_data');
      const productId = priceData.string('product');
      const product = productId
        ? engine.store.products.get(productId)
        : productData
          ? createProduct(engine, productData, { emit: true })
          : undefined;
      if (!product) throw parameterMissing(`${priceData.name('product_data')}`);
      const c = readCurrency(priceData)!;
      const unit = priceData.requiredInt('unit_amount', { min: 0 });
      price = {
        id: newId('price'),
        object: 'price',
        active: false,
        billing_scheme: 'per_unit',
        created: engine.now(),
        currency: c,
        custom_unit_amount: null,
        livemode: false,
        lookup_key: null,
        metadata: {},
        nickname: null,
        product: product.id,
        recurring: null,
        tax_behavior: priceData.enum('tax_behavior', TAX_BEHAVIORS) ?? 'unspecified',
        tiers_mode: null,
        transform_quantity: null,
        type: 'one_time',
        unit_amount: unit,
        unit_amount_decimal: String(unit) as unknown as Stripe.Price['unit_amount_decimal'],
      };
      engine.store.prices.insert(price, {});
    } else throw parameterMissing(item.name('price'));
    if (currency && price.currency !== currency) {
      throw invalidRequest('All line items must use the same currency.', { param: 'line_items' });
    }
    currency = price.currency;
    const productId = typeof price.product === 'string' ? price.product : price.product.id;
    const product = engine.store.products.get(productId);
    return {
      id: newId('li'),
      price: price.id,
      product: productId,
      description: product?.name ?? 'Item',
      quantity,
      unitAmount: price.unit_amount ?? 0,
    };
  });
  return { items, currency: currency! };
}

export function createCheckoutSession(engine: Engine, p: Params): Stripe.Checkout.Session {
  const mode = p.enum('mode', ['payment', 'setup', 'subscription'] as const, { required: true });
  if (mode !== 'payment') {
    throw invalidRequest('The simulator supports Checkout Sessions in payment mode only.', { param: 'mode' });
  }
  const { items, currency } = readLineItems(engine, p);
  const total = items.reduce((sum, i) => sum + i.unitAmount * i.quantity, 0);
  const pid = p.obj('payment_intent_data');
  const created = engine.now();
  const expiresAt = readExpiresAt(p, created);
  const id = `cs_test_${randomAlnum(58)}`;
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: p.enum('billing_address_collection', ['auto', 'required'] as const) ?? null,
    cancel_url: p.string('cancel_url') ?? null,
    client_reference_id: p.string('client_reference_id') ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: p.string('customer') ?? null,
    customer_account: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: p.string('customer_email') ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: applyMetadata({}, p),
    mode: 'payment',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: p.string('success_url') ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${engine.baseUrl}/checkout/pay/${id}`,
    wallet_options: null,
  };
  const meta: CheckoutSessionMeta = {
    lineItems: items,
    paymentIntentData: {
      metadata: pid ? applyMetadata({}, pid) : {},
      description: pid?.string('description') ?? null,
      captureMethod: pid?.string('capture_method') ?? null,
      shipping: pid?.raw.shipping ?? null,
    },
  };
  engine.store.checkoutSessions.insert(session, meta);
  engine.touch();
  return session;
}

export function lineItemsList(engine: Engine, session: Stripe.Checkout.Session): Stripe.LineItem[] {
  return checkoutMeta(engine, session.id).lineItems.map((item) => {
    const price = engine.store.prices.get(item.price)!;
    return {
      id: item.id,
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: item.unitAmount * item.quantity,
      amount_tax: 0,
      amount_total: item.unitAmount * item.quantity,
      currency: session.currency ?? 'usd',
      description: item.description,
      metadata: {},
      price,
      quantity: item.quantity,
    };
  });
}

/** One page of a session's line items, in the order they were given (`GET …/line_items`, `expand[]=line_items`). */
export function lineItemsPage(
  engine: Engine,
  session: Stripe.Checkout.Session,
  lp: Pick<ListParams, 'limit' | 'startingAfter' | 'endingBefore'>,
): Stripe.ApiList<Stripe.LineItem> {
  const all = lineItemsList(engine, session);
  const indexOf = (id: string, param: string) => {
    const i = all.findIndex((item) => item.id === id);
    if (i < 0) throw resourceMissing('line_item', id, param);
    return i;
  };
  let data: Stripe.LineItem[];
  let hasMore: boolean;
  if (lp.endingBefore) {
    const end = indexOf(lp.endingBefore, 'ending_before');
    const start = Math.max(0, end - lp.limit);
    data = all.slice(start, end);
    hasMore = start > 0;
  } else {
    const start = lp.startingAfter ? indexOf(lp.startingAfter, 'starting_after') + 1 : 0;
    data = all.slice(start, start + lp.limit);
    hasMore = start + lp.limit < all.length;
  }
  return { object: 'list', data, has_more: hasMore, url: `/v1/checkout/sessions/${session.id}/line_items` };
}

export function expireCheckoutSession(engine: Engine, session: Stripe.Checkout.Session): Stripe.Checkout.Session {
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      {
        validation: false,
      },
    );
  }
  session.status = 'expired';
  // "This value is only present when the session is active."
  session.url = null;
  engine.touch();
  engine.emit('checkout.session.expired', session);
  return session;
}

/**
 * Expires the open sessions whose `expires_at` has passed (Stripe does this by itself, so the events carry no
 * request). Runs on a timer, when the simulator clock is moved, and before a hosted page is shown or paid.
 */
export function expireDueCheckoutSessions(engine: Engine): number {
  const now = engine.now();
  const saved = engine.request;
  engine.request = null;
  let expired = 0;
  try {
    for (const session of engine.store.checkoutSessions.values()) {
      if (session.status === 'open' && session.expires_at <= now) {
        expireCheckoutSession(engine, session);
        expired++;
      }
    }
  } finally {
    engine.request = saved;
  }
  return expired;
}

export type PayResult =
  { kind: 'paid' } | { kind: 'requires_action'; url: string } | { kind: 'declined'; message: string };

/** The hosted page's "Pay": creates (once) and confirms the session's PaymentIntent with the typed card. */
export function payCheckoutSession(
  engine: Engine,
  session: Stripe.Checkout.Session,
  card:
    | {
        number: string;
        exp_month: string;
        exp_year: string;
        cvc: string;
        email: string;
        name: string;
        postalCode?: string;
        line1?: string;
      }
    | { paymentMethod: string },
): PayResult {
  if (session.status === 'open' && session.expires_at <= engine.now()) expireDueCheckoutSessions(engine);
  if (session.status === 'expired') return { kind: 'declined', message: 'This checkout session has expired.' };
  if (session.status !== 'open') return { kind: 'declined', message: 'This checkout session is no longer open.' };
  const meta = checkoutMeta(engine, session.id);
  let pi =
    typeof session.payment_intent === 'string' ? engine.store.paymentIntents.get(session.payment_intent) : undefined;
  if (!pi) {
    const createParams: Record<string, unknown> = {
      amount: String(session.amount_total),
      currency: session.currency,
      payment_method_types: ['card'],
      metadata: meta.paymentIntentData.metadata,
    };
    if (meta.paymentIntentData.description) createParams.description = meta.paymentIntentData.description;
    if (meta.paymentIntentData.captureMethod) createParams.capture_method = meta.paymentIntentData.captureMethod;
    const email = 'email' in card ? card.email : null;
    if (session.customer_email || email) createParams.receipt_email = session.customer_email || email;
    if (meta.paymentIntentData.shipping) createParams.shipping = meta.paymentIntentData.shipping;
    const built = buildPaymentIntent(engine, new Params(createParams));
    built.meta.checkoutSession = session.id;
    pi = built.pi;
    engine.store.paymentIntents.insert(pi, built.meta);
    session.payment_intent = pi.id;
    engine.touch();
    engine.emit('payment_intent.created', pi);
  }
  const returnUrl = `${engine.baseUrl}/checkout/pay/${session.id}/return`;
  const confirm = new Params(
    'paymentMethod' in card
      ? { payment_method: card.paymentMethod, return_url: returnUrl }
      : {
          payment_method_data: {
            type: 'card',
            card: { number: card.number, exp_month: card.exp_month, exp_year: card.exp_year, cvc: card.cvc },
            billing_details: {
              email: card.email || '',
              name: card.name || '',
              // Only what the page asked for: an address check runs only on what was given.
              ...(card.postalCode || card.line1
                ? { address: { postal_code: card.postalCode || '', line1: card.line1 || '' } }
                : {}),
            },
          },
          return_url: returnUrl,
        },
  );
  try {
    const result = confirmPaymentIntent(engine, pi, confirm, null);
    if (result.status === 'requires_action') {
      const next = result.next_action?.redirect_to_url?.url;
      return { kind: 'requires_action', url: next ?? `${engine.baseUrl}/checkout/pay/${session.id}` };
    }
    return { kind: 'paid' };
  } catch (err) {
    if (err instanceof SimulatorError) return { kind: 'declined', message: err.body.message };
    throw err;
  }
}

/** Completes a session when its PaymentIntent succeeds (registered as an engine hook). */
export function completeCheckoutForPayment(engine: Engine, pi: Stripe.PaymentIntent): void {
  const meta = engine.store.paymentIntents.meta(pi.id);
  if (!meta?.checkoutSession) return;
  const session = engine.store.checkoutSessions.get(meta.checkoutSession);
  if (!session || session.status !== 'open') return;
  const pm = typeof pi.payment_method === 'string' ? engine.store.paymentMethods.get(pi.payment_method) : undefined;
  session.status = 'complete';
  session.payment_status = 'paid';
  session.payment_intent = pi.id;
  session.url = null;
  session.customer_details = {
    address: pm?.billing_details.address ?? null,
    business_name: null,
    email: pm?.billing_details.email ?? session.customer_email,
    individual_name: null,
    name: pm?.billing_details.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  engine.touch();
  engine.emit('checkout.session.completed', session);
}
