/**
 * The Stripe.js stand-in: served by the simulator as `/v3/stripe.js` and loaded with a plain `<script src>` from the
 * simulator's origin, exactly like js.stripe.com. It defines `window.Stripe(publishableKey, options)`, whose object
 * `<Elements>` of @stripe/react-stripe-js accepts and `loadStripe` of @stripe/stripe-js picks up.
 *
 * Card data is typed in iframes served by the simulator (./frame); this script only ever handles ids, objects and
 * errors. The simulator's origin is the origin this script was loaded from.
 */
import { Api, intentIdFromSecret, type ApiResult, type StripeJsError } from './api';
import { SimElement, SimElements, type StandInContext } from './elements';
import { IntegrationError, authenticationFailure, errorFromIntent } from './errors';
import { runChallenge } from './three-d-secure';

/** The release train @stripe/stripe-js 10 expects (it warns on a mismatch). */
const VERSION = 'endive';
const CHALLENGE_PATH = '/3ds/challenge/';

type Result = Record<string, unknown>;

function scriptOrigin(): string {
  const script = document.currentScript;
  if (script instanceof HTMLScriptElement && script.src) return new URL(script.src).origin;
  throw new Error('The Stripe simulator’s stripe.js must be loaded with a <script src> tag from the simulator.');
}

const SIMULATOR_ORIGIN = scriptOrigin();

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const toResult = (result: ApiResult, name: string): Result =>
  result.ok ? { [name]: result.body } : { error: result.error };

class StripeStandIn {
  private readonly ctx: StandInContext;
  private readonly api: Api;
  private readonly wrappers: unknown[] = [];
  private readonly appInfo: unknown[] = [];

  constructor(key: string) {
    this.ctx = { origin: SIMULATOR_ORIGIN, key };
    this.api = new Api(SIMULATOR_ORIGIN, key);
    // Bind every method: integrations pass them around detached (`const { confirmPayment } = stripe`).
    const proto = Object.getPrototypeOf(this) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = proto[name];
      if (name !== 'constructor' && typeof value === 'function') {
        (this as unknown as Record<string, unknown>)[name] = value.bind(this);
      }
    }
  }

  // ---- Elements ----------------------------------------------------------------------------------------------

  elements(options?: unknown): SimElements {
    return new SimElements(this.ctx, options ?? {});
  }

  _registerWrapper(wrapper: unknown): void {
    this.wrappers.push(wrapper);
  }

  registerAppInfo(info: unknown): void {
    this.appInfo.push(info);
  }

  // ---- ConfirmationTokens, PaymentMethods, tokens ------------------------------------------------------------

  async createConfirmationToken(options: unknown): Promise<Result> {
    if (!isObject(options) || !(options.elements instanceof SimElements)) {
      throw new IntegrationError('stripe.createConfirmationToken(): the `elements` argument is required.');
    }
    const elements = options.elements;
    this.requireSubmit(elements, 'stripe.createConfirmationToken()');
    const element = this.primaryElement(elements);
    const params = isObject(options.params) ? options.params : {};
    return element.request({ op: 'createConfirmationToken', params: plain(params) });
  }

  async createPaymentMethod(arg: unknown, maybeElement?: unknown, maybeData?: unknown): Promise<Result> {
    // Legacy form: createPaymentMethod('card', cardElement, data)
    if (typeof arg === 'string')
      return this.createPaymentMethod({ type: arg, card: maybeElement, ...(isObject(maybeData) ? maybeData : {}) });
    if (!isObject(arg)) throw new IntegrationError('stripe.createPaymentMethod(): expected an object argument.');
    if (arg.elements instanceof SimElements) {
      this.requireSubmit(arg.elements, 'stripe.createPaymentMethod()');
      const params = isObject(arg.params) ? arg.params : {};
      return this.primaryElement(arg.elements).request({ op: 'createPaymentMethod', params: plain(params) });
    }
    const { type, card, ...params } = arg;
    if (type !== 'card') {
      throw new IntegrationError(
        `The Stripe simulator's Stripe.js stand-in creates only card PaymentMethods (type: 'card').`,
      );
    }
    if (card instanceof SimElement) return card.request({ op: 'createPaymentMethod', params: plain(params) });
    if (isObject(card) && typeof card.token === 'string') {
      return toResult(
        await this.api.post('/v1/payment_methods', { ...plain(params), type: 'card', card: { token: card.token } }),
        'paymentMethod',
      );
    }
    throw new IntegrationError('stripe.createPaymentMethod(): `card` must be a Card Element or {token}.');
  }

  async createToken(element: unknown, data?: unknown): Promise<Result> {
    if (!(element instanceof SimElement) || element.elementType !== 'card') {
      throw new IntegrationError('You must provide a Stripe Element or a valid token type to create a Token.');
    }
    return element.request({ op: 'createToken', params: isObject(data) ? plain(data) : {} });
  }

  // ---- PaymentIntents ----------------------------------------------------------------------------------------

  async retrievePaymentIntent(clientSecret: unknown): Promise<Result> {
    const id = this.intentId(clientSecret, 'retrievePaymentIntent');
    return toResult(await this.api.get(`/v1/payment_intents/${id}`, { client_secret: clientSecret }), 'paymentIntent');
  }

  async confirmPayment(options: unknown): Promise<Result> {
    if (!isObject(options)) throw new IntegrationError('stripe.confirmPayment(): expected an object argument.');
    const elements = options.elements instanceof SimElements ? options.elements : null;
    const confirmParams = isObject(options.confirmParams) ? plain(options.confirmParams) : {};
    const redirect = options.redirect ?? 'always';
    if (redirect !== 'always' && redirect !== 'if_required') {
      throw new IntegrationError(`Invalid value for confirmPayment(): redirect should be one of: always, if_required.`);
    }
    if (redirect === 'always' && typeof confirmParams.return_url !== 'string') {
      throw new IntegrationError(
        "stripe.confirmPayment(): the `confirmParams.return_url` argument is required unless passing `redirect: 'if_required'`",
      );
    }
    const clientSecret = typeof options.clientSecret === 'string' ? options.clientSecret : elements?.clientSecret;
    if (!clientSecret) {
      throw new IntegrationError(
        'stripe.confirmPayment(): the `clientSecret` argument is required when the Elements group was created without one (deferred intent).',
      );
    }
    const id = this.intentId(clientSecret, 'confirmPayment');
    if (elements?.deferred) this.requireSubmit(elements, 'stripe.confirmPayment()');
    const sdkParams = { ...confirmParams, use_stripe_sdk: true };

    let result: Result;
    if (typeof confirmParams.confirmation_token === 'string' || typeof confirmParams.payment_method === 'string') {
      result = toResult(
        await this.api.post(`/v1/payment_intents/${id}/confirm`, { ...sdkParams, client_secret: clientSecret }),
        'paymentIntent',
      );
    } else if (elements) {
      result = await this.primaryElement(elements).request({
        op: 'confirmPaymentIntent',
        clientSecret,
        params: sdkParams,
      });
    } else {
      throw new IntegrationError('stripe.confirmPayment(): the `elements` argument is required.');
    }
    result = await this.afterConfirm(result, clientSecret, true);
    if (redirect === 'always' && isObject(result.paymentIntent)) {
      const pi = result.paymentIntent;
      const url = new URL(String(confirmParams.return_url), window.location.href);
      url.searchParams.set('payment_intent', String(pi.id));
      url.searchParams.set('payment_intent_client_secret', clientSecret);
      url.searchParams.set('redirect_status', 'succeeded');
      window.location.assign(url.toString());
      return new Promise<Result>(() => {}); // the page navigates away, as with Stripe.js
    }
    return result;
  }

  async confirmCardPayment(clientSecret: unknown, data?: unknown, options?: unknown): Promise<Result> {
    const id = this.intentId(clientSecret, 'confirmCardPayment');
    const secret = clientSecret as string;
    const handleActions = !(isObject(options) && options.handleActions === false);
    const params: Record<string, unknown> = isObject(data) ? { ...data } : {};
    const pm = params.payment_method;
    delete params.payment_method;
    let result: Result;
    if (isObject(pm) && pm.card instanceof SimElement) {
      const { card, ...pmRest } = pm;
      result = await (card as SimElement).request({
        op: 'confirmPaymentIntent',
        clientSecret: secret,
        params: { ...plain(params), use_stripe_sdk: true, payment_method_data: plain(pmRest) },
      });
    } else {
      const body: Record<string, unknown> = { ...plain(params), use_stripe_sdk: true, client_secret: secret };
      if (typeof pm === 'string') body.payment_method = pm;
      else if (isObject(pm) && isObject(pm.card) && typeof pm.card.token === 'string') {
        const { card, ...pmRest } = pm;
        body.payment_method_data = {
          ...plain(pmRest),
          type: 'card',
          card: { token: (card as Record<string, unknown>).token },
        };
      } else if (pm !== undefined) {
        throw new IntegrationError(
          'stripe.confirmCardPayment(): `payment_method` must be a PaymentMethod id or {card: cardElement}.',
        );
      }
      result = toResult(await this.api.post(`/v1/payment_intents/${id}/confirm`, body), 'paymentIntent');
    }
    return this.afterConfirm(result, secret, handleActions);
  }

  async handleNextAction(options: unknown): Promise<Result> {
    if (!isObject(options) || typeof options.clientSecret !== 'string') {
      throw new IntegrationError('stripe.handleNextAction(): the `clientSecret` argument is required.');
    }
    return this.handleAction(options.clientSecret, 'handleNextAction');
  }

  async handleCardAction(clientSecret: unknown): Promise<Result> {
    return this.handleAction(clientSecret, 'handleCardAction');
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private async handleAction(clientSecret: unknown, method: string): Promise<Result> {
    this.intentId(clientSecret, method);
    const retrieved = await this.retrievePaymentIntent(clientSecret);
    if (!isObject(retrieved.paymentIntent)) return retrieved;
    const pi = retrieved.paymentIntent;
    if (pi.status !== 'requires_action') {
      const error: StripeJsError = {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `stripe.${method}(): the PaymentIntent has a status of ${String(pi.status)}; only a PaymentIntent with status requires_action has a next action to handle.`,
        payment_intent: pi,
      };
      return { error };
    }
    return this.runNextAction(pi, clientSecret as string);
  }

  /** After a confirm: run 3D Secure when asked to and needed, and turn a failed intent into `{error}`. */
  private async afterConfirm(result: Result, clientSecret: string, handleActions: boolean): Promise<Result> {
    if (!isObject(result.paymentIntent)) return result;
    const pi = result.paymentIntent;
    if (pi.status === 'requires_action' && handleActions) return this.runNextAction(pi, clientSecret);
    const error = errorFromIntent(pi);
    return error ? { error } : result;
  }

  private async runNextAction(pi: Record<string, unknown>, clientSecret: string): Promise<Result> {
    const url = this.challengeUrl(pi, clientSecret);
    if (!url) {
      const type = isObject(pi.next_action) ? String(pi.next_action.type) : 'none';
      return {
        error: {
          type: 'invalid_request_error',
          code: 'payment_intent_unexpected_state',
          message: `The Stripe simulator's Stripe.js stand-in cannot handle a next_action of type ${type}.`,
          payment_intent: pi,
        },
      };
    }
    const outcome = await runChallenge(url, SIMULATOR_ORIGIN);
    if (outcome === 'canceled') {
      // Closing Stripe's modal abandons the authentication: the PaymentIntent fails it.
      await this.api.post(`/_simulator/3ds/${String(pi.id)}/fail`, { client_secret: clientSecret });
    }
    const after = await this.retrievePaymentIntent(clientSecret);
    if (!isObject(after.paymentIntent)) return after;
    const updated = after.paymentIntent;
    if (updated.status === 'requires_action') return { error: authenticationFailure(updated) };
    const error = errorFromIntent(updated);
    return error ? { error } : { paymentIntent: updated };
  }

  /** The simulator's challenge page for this intent (only ever a page of the simulator's own origin). */
  private challengeUrl(pi: Record<string, unknown>, clientSecret: string): string | null {
    const action = isObject(pi.next_action) ? pi.next_action : null;
    let candidate: unknown;
    if (action?.type === 'use_stripe_sdk' && isObject(action.use_stripe_sdk))
      candidate = action.use_stripe_sdk.stripe_js;
    else if (action?.type === 'redirect_to_url' && isObject(action.redirect_to_url))
      candidate = action.redirect_to_url.url;
    if (typeof candidate !== 'string') return null;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return null;
    }
    if (url.origin !== SIMULATOR_ORIGIN || !url.pathname.startsWith(CHALLENGE_PATH)) return null;
    // In the modal the page reports back by postMessage; it must not navigate the frame to the return_url.
    url.searchParams.delete('return_url');
    if (!url.searchParams.has('client_secret')) url.searchParams.set('client_secret', clientSecret);
    return url.toString();
  }

  private requireSubmit(elements: SimElements, method: string): void {
    if (!elements.submitted) {
      throw new IntegrationError(
        `elements.submit() must be called before ${method}. Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work. Integration guide: https://stripe.com/docs/payments/accept-a-payment-deferred`,
      );
    }
  }

  private primaryElement(elements: SimElements): SimElement {
    const element = elements.primary();
    if (!element) throw new IntegrationError('This Elements group has no mounted Payment Element or Card Element.');
    return element;
  }

  private intentId(clientSecret: unknown, method: string): string {
    const id = intentIdFromSecret(clientSecret);
    if (!id || !String(id).startsWith('pi_')) {
      throw new IntegrationError(
        `Invalid value for ${method}: clientSecret should be a client secret of the form \${id}_secret_\${secret}. You specified: ${String(clientSecret)}.`,
      );
    }
    return id;
  }
}

/** JSON-safe copy (drops functions, Elements, DOM nodes) of what the integration passed. */
function plain(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (v instanceof SimElement || v instanceof SimElements ? undefined : v)),
  ) as Record<string, unknown>;
}

function Stripe(key: unknown, _options?: unknown): StripeStandIn {
  if (typeof key !== 'string' || key === '') {
    throw new IntegrationError(
      key === ''
        ? 'Please call Stripe() with your publishable key. You used an empty string.'
        : 'Please call Stripe() with your publishable key.',
    );
  }
  if (/^(sk|rk)_/.test(key)) {
    throw new IntegrationError(
      'You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.',
    );
  }
  return new StripeStandIn(key);
}
Stripe.version = VERSION;
Stripe.simulatorOrigin = SIMULATOR_ORIGIN;

// Not `declare global`: @stripe/stripe-js already types `window.Stripe` for programs that import it.
(window as unknown as { Stripe: typeof Stripe }).Stripe = Stripe;
