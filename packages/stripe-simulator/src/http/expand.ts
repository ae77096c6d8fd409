/**
 * `expand[]`: replaces id strings by the objects they name (`latest_charge`, `payment_method`, `customer`,
 * `data.latest_charge` in lists, `charge.refunds`, a Checkout Session's `line_items`, …). Works on a copy, never on the stored object.
 */
import type { Engine } from '../engine';
import { invalidRequest } from '../api/errors';
import { lineItemsPage } from '../resources/checkout-sessions';

const PREFIXES: Array<[string, (engine: Engine, id: string) => unknown]> = [
  ['pi_', (e, id) => e.store.paymentIntents.get(id)],
  ['ch_', (e, id) => e.store.charges.get(id)],
  ['re_', (e, id) => e.store.refunds.get(id)],
  ['dp_', (e, id) => e.store.disputes.get(id)],
  ['pm_', (e, id) => e.store.paymentMethods.get(id)],
  ['cus_', (e, id) => e.store.customers.get(id)],
  ['prod_', (e, id) => e.store.products.get(id)],
  ['price_', (e, id) => e.store.prices.get(id)],
  ['cs_', (e, id) => e.store.checkoutSessions.get(id)],
  ['txn_', (e, id) => e.store.balanceTransactions.get(id)],
  ['po_', (e, id) => e.store.payouts.get(id)],
];

function lookup(engine: Engine, id: string): unknown {
  for (const [prefix, get] of PREFIXES) if (id.startsWith(prefix)) return get(engine, id);
  return undefined;
}

function expandPath(engine: Engine, target: Record<string, unknown>, parts: string[], full: string): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  if (head === 'data' && Array.isArray(target.data)) {
    target.data = (target.data as Array<Record<string, unknown>>).map((item) => {
      const copy = { ...item };
      expandPath(engine, copy, rest, full);
      return copy;
    });
    return;
  }
  const chargeRefunds = head === 'refunds' && target.object === 'charge';
  // A session's `line_items` is "includable": absent unless expanded.
  const sessionLineItems = head === 'line_items' && target.object === 'checkout.session';
  if (!(head in target) && !chargeRefunds && !sessionLineItems) {
    throw invalidRequest(`This property cannot be expanded (${full}).`, { param: 'expand' });
  }
  let value = target[head];
  if (chargeRefunds) {
    const refunds = engine.store.refunds
      .values()
      .filter((r) => r.charge === target.id)
      .reverse();
    value = { object: 'list', data: refunds, has_more: false, url: `/v1/charges/${String(target.id)}/refunds` };
  } else if (sessionLineItems) {
    const session = engine.store.checkoutSessions.get(String(target.id));
    value = session ? lineItemsPage(engine, session, { limit: 100 }) : undefined;
  } else if (typeof value === 'string') {
    const found = lookup(engine, value);
    if (found === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: 'expand' });
    value = found;
  }
  if (value && typeof value === 'object') {
    const copy = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
    if (rest.length) expandPath(engine, copy as Record<string, unknown>, rest, full);
    target[head] = copy;
  }
}

export function applyExpand<T>(engine: Engine, body: T, paths: string[] | null | undefined): T {
  if (!paths || paths.length === 0 || !body || typeof body !== 'object') return body;
  if (paths.length > 0 && paths.some((p) => p.split('.').length > 4)) {
    throw invalidRequest('You cannot expand more than 4 levels of a property.', { param: 'expand' });
  }
  const copy = { ...(body as Record<string, unknown>) };
  for (const path of paths) expandPath(engine, copy, path.split('.'), path);
  return copy as T;
}
