/**
 * Stripe-shaped errors. Every message, code and status here follows the fidelity reference (real Stripe responses);
 * stripe-node v21+ picks its error class from the HTTP status, older versions from `type`, so both must agree.
 */
import type Stripe from 'stripe';

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

/** The `error` member of an error response (keys in Stripe's alphabetical order). */
export interface StripeErrorBody {
  advice_code?: string;
  charge?: string;
  code?: string;
  decline_code?: string;
  doc_url?: string;
  message: string;
  network_decline_code?: string;
  param?: string;
  payment_intent?: Stripe.PaymentIntent | Partial<Stripe.PaymentIntent>;
  payment_method?: Stripe.PaymentMethod;
  payment_method_type?: string;
  type: StripeErrorType;
}

export class SimulatorError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly headers: Record<string, string>;
  /**
   * True for errors raised while validating the request, before the operation ran. Stripe does not save those
   * under the idempotency key (a corrected retry with the same key is allowed).
   */
  readonly validation: boolean;

  constructor(
    status: number,
    body: StripeErrorBody,
    opts: { headers?: Record<string, string>; validation?: boolean } = {},
  ) {
    super(body.message);
    this.name = 'SimulatorError';
    this.status = status;
    this.body = body;
    this.headers = opts.headers ?? {};
    this.validation = opts.validation ?? false;
  }

  toJSON(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

export const docUrl = (code: string): string => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

/** 400 invalid_request_error with a code (doc_url derived from it). */
export function invalidRequest(
  message: string,
  opts: { code?: string; param?: string; validation?: boolean; status?: number } = {},
): SimulatorError {
  const body: StripeErrorBody = { message, type: 'invalid_request_error' };
  if (opts.code) {
    body.code = opts.code;
    body.doc_url = docUrl(opts.code);
  }
  if (opts.param) body.param = opts.param;
  return new SimulatorError(opts.status ?? 400, sortKeys(body), { validation: opts.validation ?? true });
}

export const missingApiKey = (): SimulatorError =>
  new SimulatorError(
    401,
    {
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      type: 'invalid_request_error',
    },
    { validation: true },
  );

/** Stripe echoes the key masked: everything up to the last `_`, then `****` and the last four characters. */
export function maskKey(key: string): string {
  const cut = key.lastIndexOf('_');
  const prefix = cut >= 0 ? key.slice(0, cut + 1) : '';
  return `${prefix}****${key.slice(-4)}`;
}

export const invalidApiKey = (key: string): SimulatorError =>
  new SimulatorError(
    401,
    { message: `Invalid API Key provided: ${maskKey(key)}`, type: 'invalid_request_error' },
    { validation: true },
  );

export const publishableKeyNotAllowed = (): SimulatorError =>
  new SimulatorError(
    401,
    {
      message:
        'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
      type: 'invalid_request_error',
    },
    { validation: true },
  );

/**
 * A restricted key without the permission an endpoint needs: HTTP 403 (stripe-node raises StripePermissionError),
 * the body's type `invalid_request_error` as the API's error schema allows, and Stripe's sentence naming the key
 * (masked), the account and the permission.
 */
export const permissionDenied = (key: string, accountId: string, permission: string): SimulatorError =>
  new SimulatorError(
    403,
    {
      message: `The provided key '${maskKey(key)}' does not have the required permissions for this endpoint on account '${accountId}'. Having the '${permission}' permission would allow this request to continue.`,
      type: 'invalid_request_error',
    },
    { validation: true },
  );

export const unrecognizedUrl = (method: string, path: string): SimulatorError =>
  new SimulatorError(
    404,
    {
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      type: 'invalid_request_error',
    },
    { validation: true },
  );

/** 404 resource_missing: `No such payment_intent: 'pi_x'`. `noun` is how Stripe names the object in the message. */
export const resourceMissing = (noun: string, id: string, param = 'id'): SimulatorError =>
  invalidRequest(`No such ${noun}: '${id}'`, { code: 'resource_missing', param, status: 404 });

export const parameterMissing = (param: string): SimulatorError =>
  invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });

export const parameterUnknown = (param: string): SimulatorError =>
  invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });

export const invalidInteger = (param: string, value: unknown): SimulatorError =>
  invalidRequest(`Invalid integer: ${display(value)}`, { code: 'parameter_invalid_integer', param });

export const invalidBoolean = (param: string, value: unknown): SimulatorError =>
  invalidRequest(`Invalid boolean: ${display(value)}`, { code: 'parameter_invalid_string', param });

export const invalidString = (param: string): SimulatorError =>
  invalidRequest(`Invalid string: ${param}`, { code: 'parameter_invalid_string', param });

export const invalidEnum = (param: string, value: unknown, allowed: readonly string[]): SimulatorError => {
  const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')}, or ${allowed.at(-1)}` : (allowed[0] ?? '');
  return invalidRequest(`Invalid ${param}: must be one of ${list}`, { code: 'parameter_invalid_string', param });
};

export const idempotencyMismatch = (key: string): SimulatorError =>
  new SimulatorError(
    400,
    {
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      type: 'idempotency_error',
    },
    { validation: true },
  );

export const idempotencyKeyInUse = (key: string): SimulatorError =>
  new SimulatorError(
    409,
    {
      code: 'idempotency_key_in_use',
      doc_url: 'https://stripe.com/docs/error-codes/idempotency-key-in-use',
      message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      type: 'invalid_request_error',
    },
    { validation: true },
  );

export const rateLimited = (): SimulatorError =>
  new SimulatorError(
    429,
    {
      code: 'rate_limit',
      doc_url: docUrl('rate_limit'),
      message:
        'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
      type: 'invalid_request_error',
    },
    { headers: { 'stripe-should-retry': 'true' }, validation: true },
  );

export const apiError = (): SimulatorError =>
  new SimulatorError(
    500,
    {
      message:
        'An unknown error occurred. Please try again later or contact us at https://support.stripe.com/ if the problem persists.',
      type: 'api_error',
    },
    { headers: { 'stripe-should-retry': 'false' }, validation: true },
  );

function display(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Stripe serialises error members alphabetically; keep that so bodies diff cleanly against captures. */
export function sortKeys<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj).sort()) {
    const value = (obj as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
