/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` bodies (and query strings for GET/DELETE) with
 * nested brackets `a[b][c]=v`, indexed arrays `a[0]=v` (stripe-node), `a[]=v` (Stripe CLI fixtures) and
 * percent-encoded brackets. An empty value (`key=`) means "unset", which the routes interpret per parameter.
 */
import qs from 'qs';

const OPTIONS: qs.IParseOptions = {
  depth: 10,
  // Stripe allows arrays up to 100s of items (line_items, expand[]); qs turns larger indexes into object keys.
  arrayLimit: 250,
  parameterLimit: 5000,
  allowDots: false,
  // Keep '' as '' (the "unset" marker) rather than dropping it.
  strictNullHandling: false,
  allowEmptyArrays: false,
};

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = Record<string, FormValue>;

export function parseForm(text: string): FormParams {
  if (!text) return {};
  return qs.parse(text, OPTIONS) as FormParams;
}

/** For fastify's querystringParser (it hands over the text after `?`). */
export function parseQuery(text: string): FormParams {
  return parseForm(text);
}
