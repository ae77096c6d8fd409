/**
 * Checks simulator objects against Stripe's OpenAPI schemas (spec3, API 2023-08-16, trimmed copy in
 * test/fixtures/stripe-openapi). `nullable: true` is rewritten as `anyOf [node, {type: 'null'}]` because Ajv refuses
 * `nullable` without `type`, which Stripe uses next to `anyOf`/`$ref`. Newer fields pass (no schema forbids extra
 * properties); a missing required field or a wrong type fails.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';

/**
 * Enum values newer than the 2023-08-16 spec that the simulator legitimately sends, per schema path. Empty: every
 * enum value the simulator uses exists in the spec (e.g. capture_method `automatic_async`, refund statuses).
 */
export const NEWER_ENUMS: Record<string, string[]> = {};

/**
 * Required fields of the 2023-08-16 spec that Stripe has since renamed or removed, so the simulator (API
 * 2026-10-28) rightly does not send them. Each is dropped from `required` before validating.
 */
export const REMOVED_SINCE_SPEC: Record<string, Record<string, string>> = {
  product: { features: 'renamed `marketing_features` in API 2024-04-10' },
};

type Json = unknown;

/**
 * Prepares Stripe's schemas for Ajv: `nullable` → `anyOf [..., null]`, and expandable members (an id string or the
 * object, marked `x-expansionResources`) become "string or object" — expanded objects are validated against their own
 * schema by `expectStripeShape`, which keeps the compiled validators small (fast test start-up).
 */
function rewriteNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (!node || typeof node !== 'object') return node;
  const source = node as Record<string, Json>;
  if (source['x-expansionResources']) {
    const { anyOf: _anyOf, 'x-expansionResources': _x, ...rest } = source;
    return rewriteNullable({ ...rest, anyOf: [{ type: 'string' }, { type: 'object' }] });
  }
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(source)) out[k] = rewriteNullable(v);
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const spec = JSON.parse(
  readFileSync(new URL('./fixtures/stripe-openapi/spec3.schemas.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, Json> } };

for (const [schema, fields] of Object.entries(REMOVED_SINCE_SPEC)) {
  const node = spec.components.schemas[schema] as { required?: string[] } | undefined;
  if (node?.required) node.required = node.required.filter((f) => !(f in fields));
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: 'stripe', components: rewriteNullable(spec.components) }, 'stripe');
const compiled = new Map<string, ValidateFunction>();

function validator(schema: string): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    const found = ajv.getSchema(`stripe#/components/schemas/${schema}`);
    if (!found) throw new Error(`no schema ${schema}`);
    v = found;
    compiled.set(schema, v);
  }
  return v;
}

/** The schema for an object, from its `object` member. */
const SCHEMA_FOR_OBJECT: Record<string, string> = {
  payment_intent: 'payment_intent',
  charge: 'charge',
  refund: 'refund',
  dispute: 'dispute',
  payment_method: 'payment_method',
  customer: 'customer',
  product: 'product',
  price: 'price',
  event: 'event',
  'checkout.session': 'checkout.session',
  item: 'item',
  webhook_endpoint: 'webhook_endpoint',
  balance_transaction: 'balance_transaction',
  payout: 'payout',
  balance: 'balance',
};

/** Objects Stripe returns without an `id` (the account's balance). */
const WITHOUT_ID = new Set(['balance']);

/** Schema errors for one object of a given schema (`[]` when valid). */
export function schemaErrors(schema: string, value: unknown): string[] {
  const plain = JSON.parse(JSON.stringify(value)) as unknown;
  const v = validator(schema);
  if (v(plain)) return [];
  return (v.errors ?? [])
    .filter((e) => !(e.keyword === 'enum' && (NEWER_ENUMS[e.instancePath] ?? []).includes(String(e.data))))
    .map((e) => `${schema}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/**
 * Validates an API object by its `object` member, recursing into lists, search results, events' `data.object`,
 * error bodies (`payment_intent`, `payment_method`) and expanded members. Returns how many objects were checked.
 */
export function expectStripeShape(value: unknown): number {
  const errors: string[] = [];
  let checked = 0;
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 4) return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const obj = node as Record<string, unknown>;
    const kind = typeof obj.object === 'string' ? obj.object : null;
    if (kind === 'list' || kind === 'search_result') return visit(obj.data, depth);
    if (kind && SCHEMA_FOR_OBJECT[kind] && (typeof obj.id === 'string' || WITHOUT_ID.has(kind))) {
      // Publishable-key views are a documented subset; they are checked by their own tests.
      const found = schemaErrors(SCHEMA_FOR_OBJECT[kind]!, obj);
      errors.push(...found);
      checked++;
    }
    if (kind === 'event') visit((obj.data as { object?: unknown } | undefined)?.object, depth + 1);
    if (Array.isArray(obj.balance_transactions)) visit(obj.balance_transactions, depth);
    if ('error' in obj && obj.error && typeof obj.error === 'object') {
      const err = obj.error as Record<string, unknown>;
      errors.push(...schemaErrors('api_errors', err));
      checked++;
      visit(err.payment_intent, depth + 1);
      visit(err.payment_method, depth + 1);
    }
    for (const key of [
      'latest_charge',
      'payment_method',
      'customer',
      'last_payment_error',
      'payment_intent',
      'charge',
      'balance_transaction',
      'failure_balance_transaction',
      'source',
    ]) {
      const member = obj[key];
      if (member && typeof member === 'object') visit(member, depth + 1);
    }
  };
  visit(value, 0);
  if (errors.length) throw new Error(`Not shaped like Stripe's OpenAPI schema:\n  ${errors.join('\n  ')}`);
  return checked;
}
