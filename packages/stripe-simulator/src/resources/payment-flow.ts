/**
 * Confirming a PaymentIntent: choosing the PaymentMethod (id, test id, card details or ConfirmationToken), the MOTO
 * and return_url rules, then the test card's outcome — success, decline (402 with the PI embedded, a failed Charge),
 * or 3D Secure (`requires_action`, completed or failed later through the challenge endpoints).
 */
import type Stripe from 'stripe';
import { DECLINES, testCard, type Decline, type TestCard } from '../cards/test-cards';
import type { AuthInfo } from '../context';
import type { Engine, PaymentIntentMeta } from '../engine';
import { snapshot } from '../events/event-log';
import { docUrl, invalidRequest, parameterUnknown, resourceMissing, SimulatorError, sortKeys } from '../api/errors';
import { booleanLiteral, Params } from '../api/params';
import { newId } from '../ids';
import { createCharge } from './charges';
import { readShipping } from './common';
import { sendPaymentReceipt } from './receipts';
import {
  automaticPaymentMethodsByDefault,
  buildPaymentIntent,
  CAPTURE_METHODS,
  checkClientSecret,
  piMeta,
  SETUP_FUTURE_USAGE,
  unexpectedState,
  viewFor,
} from './payment-intents';
import {
  attachPaymentMethod,
  insertPaymentMethod,
  paymentMethodFromData,
  paymentMethodMeta,
  resolvePaymentMethod,
} from './payment-methods';

const DEFAULT_CARD = '4242424242424242';

type Selection =
  | { kind: 'none' }
  | { kind: 'pm'; pm: Stripe.PaymentMethod }
  | { kind: 'data'; made: ReturnType<typeof paymentMethodFromData> }
  | { kind: 'token'; token: Stripe.ConfirmationToken };

/** `payment_method_options[card][moto]` is an account capability; without it Stripe does not know the parameter. */
function readMoto(engine: Engine, p: Params, auth: AuthInfo | null): boolean | undefined {
  const card = p.obj('payment_method_options')?.obj('card');
  if (!card || !card.has('moto')) return undefined;
  if (!engine.motoEnabled || auth?.kind === 'publishable') throw parameterUnknown('payment_method_options[card][moto]');
  return card.bool('moto') ?? false;
}

/** Reads the payment method the request names, before anything is stored (so a bad id leaves no trace). */
function select(engine: Engine, p: Params): Selection {
  const given = ['payment_method', 'payment_method_data', 'confirmation_token'].filter(
    (k) => p.has(k) && !p.isEmpty(k),
  );
  if (given.length > 1) {
    throw invalidRequest(`You may only specify one of these parameters: ${given.join(', ')}.`, {
      code: 'parameter_invalid_string',
      param: given[1],
    });
  }
  const tokenId = p.string('confirmation_token');
  if (tokenId) {
    const token = engine.store.confirmationTokens.get(tokenId);
    if (!token) throw resourceMissing('confirmationtoken', tokenId, 'confirmation_token');
    const meta = engine.store.confirmationTokens.meta(tokenId)!;
    if (meta.used) {
      throw invalidRequest(
        'This ConfirmationToken has already been used to confirm a previous PaymentIntent or SetupIntent.',
        { param: 'confirmation_token' },
      );
    }
    if (token.expires_at !== null && token.expires_at < engine.now()) {
      throw invalidRequest('This ConfirmationToken has expired.', { param: 'confirmation_token' });
    }
    return { kind: 'token', token };
  }
  const data = p.obj('payment_method_data');
  if (data) return { kind: 'data', made: paymentMethodFromData(engine, data) };
  const pmId = p.string('payment_method');
  if (pmId) {
    // Test ids mint a PM; check existence of other ids without side effects first.
    if (!pmId.startsWith('pm_card_') && !engine.store.paymentMethods.has(pmId)) {
      throw resourceMissing('PaymentMethod', pmId, 'payment_method');
    }
    return { kind: 'pm', pm: resolvePaymentMethod(engine, pmId) };
  }
  return { kind: 'none' };
}

function materialise(engine: Engine, selection: Selection, pi: Stripe.PaymentIntent): Stripe.PaymentMethod | null {
  switch (selection.kind) {
    case 'none':
      return null;
    case 'pm':
      return selection.pm;
    case 'data':
      return insertPaymentMethod(engine, selection.made);
    case 'token': {
      const meta = engine.store.confirmationTokens.meta(selection.token.id)!;
      meta.used = true;
      selection.token.payment_intent = pi.id;
      engine.touch();
      return engine.store.paymentMethods.get(meta.paymentMethodId) ?? null;
    }
  }
}

/** POST /v1/payment_intents (with or without confirm=true). */
export function createPaymentIntent(
  engine: Engine,
  p: Params,
  auth: AuthInfo | null,
  opts: { stripeVersion?: string | null } = {},
): Stripe.PaymentIntent {
  const confirm = p.bool('confirm') ?? false;
  if (!confirm) {
    for (const key of [
      'confirmation_token',
      'return_url',
      'error_on_requires_action',
      'off_session',
      'use_stripe_sdk',
    ]) {
      if (p.has(key) && !(key === 'off_session' && booleanLiteral(p.raw[key]) === false)) {
        throw invalidRequest(`You can only pass ${key} when confirm=true.`, { param: key });
      }
    }
  }
  const moto = readMoto(engine, p, auth);
  const { pi, meta } = buildPaymentIntent(engine, p, {
    automaticPaymentMethodsByDefault: automaticPaymentMethodsByDefault(opts.stripeVersion),
  });
  const selection = select(engine, p);
  if (moto !== undefined) meta.moto = moto;
  engine.store.paymentIntents.insert(pi, meta);
  if (!confirm) {
    const pm = materialise(engine, selection, pi);
    if (pm) {
      pi.payment_method = pm.id;
      pi.status = 'requires_confirmation';
    }
  }
  engine.touch();
  engine.emit('payment_intent.created', pi);
  if (confirm) return confirmWith(engine, pi, meta, p, selection, auth, true);
  return pi;
}

/** POST /v1/payment_intents/:id/confirm. Declines throw a 402 SimulatorError after the PI has been updated. */
export function confirmPaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  p: Params,
  auth: AuthInfo | null,
): Stripe.PaymentIntent {
  if (auth?.kind === 'publishable') checkClientSecret(pi, p.string('client_secret'));
  const confirmable: Stripe.PaymentIntent.Status[] = [
    'requires_confirmation',
    'requires_payment_method',
    'requires_action',
  ];
  if (pi.status === 'succeeded') {
    throw unexpectedState(
      'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
      pi,
      auth,
    );
  }
  if (!confirmable.includes(pi.status)) {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`,
      pi,
      auth,
    );
  }
  const meta = piMeta(engine, pi);
  const moto = readMoto(engine, p, auth);
  if (moto !== undefined) meta.moto = moto;
  const selection = select(engine, p);
  return confirmWith(engine, pi, meta, p, selection, auth, false);
}

function confirmWith(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  meta: PaymentIntentMeta,
  p: Params,
  selection: Selection,
  auth: AuthInfo | null,
  fromCreate: boolean,
): Stripe.PaymentIntent {
  // Parameters that only make sense at confirmation.
  if (!fromCreate) {
    if (p.has('receipt_email')) pi.receipt_email = p.string('receipt_email') ?? null;
    if (p.has('shipping')) pi.shipping = p.isEmpty('shipping') ? null : readShipping(p.obj('shipping'));
    if (p.has('setup_future_usage')) pi.setup_future_usage = p.enum('setup_future_usage', SETUP_FUTURE_USAGE) ?? null;
    if (p.has('capture_method')) pi.capture_method = p.enum('capture_method', CAPTURE_METHODS) ?? pi.capture_method;
  }
  const token = selection.kind === 'token' ? selection.token : null;
  if (token) {
    if (token.shipping && !pi.shipping) pi.shipping = { ...token.shipping, carrier: null, tracking_number: null };
    if (token.setup_future_usage && !pi.setup_future_usage) pi.setup_future_usage = token.setup_future_usage;
  }
  if (meta.moto && pi.setup_future_usage === 'on_session') {
    throw invalidRequest(
      'payment_method_options[card][moto] can be set to true only when setup_future_usage is either off_session or null',
      { param: 'payment_method_options[card][moto]' },
    );
  }
  // `off_session` is a boolean, or (API 2026-10-28.endive) 'one_off' / 'recurring'.
  const offSession = p.raw.off_session;
  meta.offSession = typeof offSession === 'string' && offSession !== '' && booleanLiteral(offSession) !== false;
  meta.useStripeSdk = p.bool('use_stripe_sdk') ?? token?.use_stripe_sdk ?? false;
  meta.returnUrl = p.string('return_url') ?? token?.return_url ?? null;
  const errorOnRequiresAction = p.bool('error_on_requires_action') ?? false;

  const apm = pi.automatic_payment_methods;
  if (apm?.enabled && apm.allow_redirects !== 'never' && !meta.returnUrl && !meta.offSession) {
    throw invalidRequest(
      'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
      { validation: false },
    );
  }

  const chosen = materialise(engine, selection, pi);
  const pmId = chosen?.id ?? (typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method?.id);
  const pm = pmId ? engine.store.paymentMethods.get(pmId) : undefined;
  if (!pm) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      pi,
      auth,
    );
  }
  if (chosen) meta.authenticated = false;
  meta.confirmations++;
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  engine.touch();

  const result = attempt(engine, pi, pm, { authenticated: meta.authenticated, errorOnRequiresAction });
  if (result.kind === 'declined') throw declineError(result, pi, auth);
  return pi;
}

type AttemptResult =
  | { kind: 'succeeded' }
  | { kind: 'requires_action' }
  | { kind: 'declined'; body: Record<string, unknown>; status: number };

function declineError(
  result: Extract<AttemptResult, { kind: 'declined' }>,
  pi: Stripe.PaymentIntent,
  auth: AuthInfo | null,
): SimulatorError {
  const body = { ...result.body, payment_intent: snapshot(viewFor(pi, auth)) };
  return new SimulatorError(result.status, sortKeys(body) as never, { validation: false });
}

/** Runs the card's behaviour for an (authenticated or not) confirmation. */
function attempt(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  opts: { authenticated: boolean; errorOnRequiresAction: boolean },
): AttemptResult {
  const meta = piMeta(engine, pi);
  const pmMeta = paymentMethodMeta(engine, pm);
  const card = testCard(pmMeta.testCard ?? DEFAULT_CARD);
  const moto = meta.moto && engine.motoEnabled;

  if (!opts.authenticated && card.decline) return decline(engine, pi, pm, card, card.decline, { charge: true });

  const challenge = card.threeDS !== 'none' && !moto && !opts.authenticated;
  if (challenge) {
    if (meta.offSession) {
      if (card.threeDS !== 'on_session_only') {
        return decline(engine, pi, pm, card, authenticationRequired(), { charge: true });
      }
    } else if (opts.errorOnRequiresAction) {
      return decline(engine, pi, pm, card, authenticationNotHandled(), { charge: false });
    } else {
      requireAction(engine, pi, meta);
      return { kind: 'requires_action' };
    }
  }
  if (opts.authenticated && card.declineAfterAuth) {
    return decline(engine, pi, pm, card, card.declineAfterAuth, { charge: true, authenticated: true });
  }
  // MOTO payments of "authenticate then decline" cards: the issuer still declines [guess].
  if (moto && card.declineAfterAuth) return decline(engine, pi, pm, card, card.declineAfterAuth, { charge: true });
  succeed(engine, pi, pm, card, { authenticated: opts.authenticated, moto });
  return { kind: 'succeeded' };
}

function authenticationRequired(): Decline {
  return {
    code: 'authentication_required',
    declineCode: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
    outcome: {
      networkStatus: 'declined_by_network',
      reason: 'authentication_required',
      riskLevel: 'normal',
      sellerMessage: 'The bank returned the decline code `authentication_required`.',
      type: 'issuer_declined',
    },
  };
}

function authenticationNotHandled(): Decline {
  return {
    code: 'authentication_required',
    declineCode: 'authentication_not_handled',
    message:
      "This payment required an authentication action to complete, but `error_on_requires_action` was set. When you're ready, you can upgrade your integration to handle actions at https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.",
    outcome: DECLINES.generic().outcome,
  };
}

function challengeUrl(engine: Engine, pi: Stripe.PaymentIntent): string {
  return `${engine.baseUrl}/3ds/challenge/${pi.id}?client_secret=${encodeURIComponent(pi.client_secret ?? '')}`;
}

function requireAction(engine: Engine, pi: Stripe.PaymentIntent, meta: PaymentIntentMeta): void {
  const url = challengeUrl(engine, pi);
  pi.status = 'requires_action';
  if (meta.returnUrl && !meta.useStripeSdk) {
    pi.next_action = {
      type: 'redirect_to_url',
      redirect_to_url: { url: `${url}&return_url=${encodeURIComponent(meta.returnUrl)}`, return_url: meta.returnUrl },
    };
  } else {
    pi.next_action = {
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: newId('src') },
    } as Stripe.PaymentIntent.NextAction;
  }
  engine.touch();
  engine.emit('payment_intent.requires_action', pi);
}

function decline(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  card: TestCard,
  d: Decline,
  opts: { charge: boolean; authenticated?: boolean },
): AttemptResult {
  const meta = piMeta(engine, pi);
  const charge = opts.charge
    ? createCharge(engine, {
        pi,
        pm,
        pmMeta: paymentMethodMeta(engine, pm),
        card,
        decline: d,
        captured: false,
        moto: meta.moto && engine.motoEnabled,
        authenticated: opts.authenticated ?? false,
      })
    : null;
  const error: Record<string, unknown> = {
    charge: charge?.id,
    code: d.code,
    decline_code: d.declineCode,
    doc_url: docUrl(d.code),
    message: d.message,
    param: d.param,
    payment_method: snapshot(pm),
    type: 'card_error',
  };
  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.next_action = null;
  pi.amount_capturable = 0;
  if (charge) pi.latest_charge = charge.id;
  pi.last_payment_error = sortKeys(error) as unknown as Stripe.PaymentIntent.LastPaymentError;
  meta.authenticated = false;
  engine.touch();
  if (charge) engine.emit('charge.failed', charge);
  engine.emit('payment_intent.payment_failed', pi);
  return { kind: 'declined', body: error, status: 402 };
}

function succeed(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  card: TestCard,
  opts: { authenticated: boolean; moto: boolean },
): void {
  const manual = pi.capture_method === 'manual' || pi.payment_method_options?.card?.capture_method === 'manual';
  const charge = createCharge(engine, {
    pi,
    pm,
    pmMeta: paymentMethodMeta(engine, pm),
    card,
    decline: null,
    captured: !manual,
    moto: opts.moto,
    authenticated: opts.authenticated,
  });
  pi.latest_charge = charge.id;
  pi.next_action = null;
  pi.last_payment_error = null;
  // Uncaptured payments get their receipt when captured.
  if (!manual) sendPaymentReceipt(engine, charge);
  if (pi.setup_future_usage && typeof pi.customer === 'string' && !pm.customer) {
    attachPaymentMethod(engine, pm, pi.customer);
  }
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
    engine.touch();
    engine.emit('charge.succeeded', charge);
    engine.emit('payment_intent.amount_capturable_updated', pi);
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    engine.touch();
    engine.emit('charge.succeeded', charge);
    engine.emit('payment_intent.succeeded', pi);
  }
  for (const hook of engine.paymentSucceededHooks) hook(pi);
  if (card.dispute) engine.schedule('dispute.create', { charge: charge.id, kind: card.dispute });
}

/**
 * The 3DS challenge's outcome (POST /_simulator/3ds/:pi/complete|fail). Always answers with the PI: a decline after
 * a successful authentication shows in `last_payment_error`, as Stripe.js would see it after the challenge.
 */
export function finishAuthentication(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  success: boolean,
  auth: AuthInfo | null,
): Stripe.PaymentIntent {
  if (pi.status !== 'requires_action') {
    throw unexpectedState(
      `You cannot ${success ? 'complete' : 'fail'} authentication for this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with the status requires_action has an authentication to complete.`,
      pi,
      auth,
    );
  }
  const meta = piMeta(engine, pi);
  const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method?.id;
  const pm = pmId ? engine.store.paymentMethods.get(pmId) : undefined;
  if (!pm) throw unexpectedState('This PaymentIntent has no payment method to authenticate.', pi, auth);
  if (!success) {
    pi.status = 'requires_payment_method';
    pi.payment_method = null;
    pi.next_action = null;
    pi.last_payment_error = sortKeys({
      code: 'payment_intent_authentication_failure',
      doc_url: docUrl('payment_intent_authentication_failure'),
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
      payment_method: snapshot(pm),
      type: 'invalid_request_error',
    }) as Stripe.PaymentIntent.LastPaymentError;
    meta.authenticated = false;
    engine.touch();
    engine.emit('payment_intent.payment_failed', pi);
    return pi;
  }
  meta.authenticated = true;
  if (pi.confirmation_method === 'manual') {
    // Manual confirmation: the server confirms again after authentication.
    pi.status = 'requires_confirmation';
    pi.next_action = null;
    engine.touch();
    return pi;
  }
  attempt(engine, pi, pm, { authenticated: true, errorOnRequiresAction: false });
  return pi;
}

/** Reads a Params from any plain object (admin/JSON callers). */
export const paramsOf = (raw: Record<string, unknown>): Params => new Params(raw);
