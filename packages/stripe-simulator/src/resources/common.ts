/** Small shapes shared by several resources. */
import type Stripe from 'stripe';
import type { Params } from '../api/params';

export const emptyAddress = (): Stripe.Address => ({
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
});

export function readAddress(params: Params | null | undefined): Stripe.Address {
  if (!params) return emptyAddress();
  return {
    city: params.string('city') ?? null,
    country: params.string('country') ?? null,
    line1: params.string('line1') ?? null,
    line2: params.string('line2') ?? null,
    postal_code: params.string('postal_code') ?? null,
    state: params.string('state') ?? null,
  };
}

/** `shipping[name]`, `shipping[address][…]`, `shipping[phone]`, … as Stripe stores them on PIs and Charges. */
export function readShipping(params: Params | null | undefined): Stripe.PaymentIntent.Shipping | null {
  if (!params) return null;
  return {
    address: readAddress(params.obj('address')),
    carrier: params.string('carrier') ?? null,
    name: params.string('name') ?? '',
    phone: params.string('phone') ?? null,
    tracking_number: params.string('tracking_number') ?? null,
  };
}

/** A list object as Stripe returns it. */
export function listObject<T>(data: T[], hasMore: boolean, url: string): Stripe.ApiList<T> {
  return { object: 'list', data, has_more: hasMore, url };
}
