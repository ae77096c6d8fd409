/**
 * What a charge reports for dispute evidence: the card checks (CVC, postal code, address line 1) and Radar's
 * outcome, for the test cards that set them (docs.stripe.com/testing, "Fraud prevention"): they succeed with the
 * failed check shown, as an account without a rule blocking on it sees them. Through the API and the hosted page.
 */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { CARD_ONLY, rejectionOf, simulatorForFile } from './helpers';

const t = simulatorForFile();
const year = new Date().getFullYear() + 2;

function charge(number: string, opts: { cvc?: string; postal?: string; line1?: string } = {}) {
  const address = {
    ...(opts.postal ? { postal_code: opts.postal } : {}),
    ...(opts.line1 ? { line1: opts.line1 } : {}),
  };
  return t.stripe.paymentIntents.create({
    amount: 3100,
    currency: 'usd',
    confirm: true,
    expand: ['latest_charge'],
    payment_method_data: {
      type: 'card',
      card: { number, exp_month: 11, exp_year: year, ...(opts.cvc ? { cvc: opts.cvc } : {}) },
      ...(Object.keys(address).length ? { billing_details: { address } } : {}),
    } as Stripe.PaymentIntentCreateParams.PaymentMethodData,
    ...CARD_ONLY,
  });
}

const AUTHORIZED = {
  network_status: 'approved_by_network',
  reason: null,
  risk_level: 'normal',
  seller_message: 'Payment complete.',
  type: 'authorized',
};

describe('card checks and outcome', () => {
  const all = { cvc: '123', postal: '94107', line1: '1 Market St' };
  const cases: Array<[string, Stripe.Charge.PaymentMethodDetails.Card.Checks]> = [
    ['4242424242424242', { cvc_check: 'pass', address_postal_code_check: 'pass', address_line1_check: 'pass' }],
    ['4000000000000101', { cvc_check: 'fail', address_postal_code_check: 'pass', address_line1_check: 'pass' }],
    ['4000000000000036', { cvc_check: 'pass', address_postal_code_check: 'fail', address_line1_check: 'pass' }],
    ['4000000000000028', { cvc_check: 'pass', address_postal_code_check: 'pass', address_line1_check: 'fail' }],
    ['4000000000000010', { cvc_check: 'pass', address_postal_code_check: 'fail', address_line1_check: 'fail' }],
    [
      '4000000000000044',
      { cvc_check: 'pass', address_postal_code_check: 'unavailable', address_line1_check: 'unavailable' },
    ],
  ];
  for (const [number, checks] of cases) {
    it(`${number} succeeds with ${JSON.stringify(checks)} and an authorized outcome`, async () => {
      const pi = t.check(await charge(number, all));
      expect(pi.status).toBe('succeeded');
      const ch = pi.latest_charge as Stripe.Charge;
      expect(ch.status).toBe('succeeded');
      expect(ch.payment_method_details?.card?.checks).toEqual(checks);
      expect(ch.outcome).toMatchObject(AUTHORIZED);
      expect(ch.outcome?.risk_score).toBeGreaterThanOrEqual(0);
      expect(ch.outcome?.risk_score).toBeLessThan(65);
    });
  }

  it('reports no check for what was not given (no CVC, no address)', async () => {
    const pi = await charge('4000000000000101');
    expect((pi.latest_charge as Stripe.Charge).payment_method_details?.card?.checks).toEqual({
      cvc_check: null,
      address_postal_code_check: null,
      address_line1_check: null,
    });
  });

  it('a declined card’s failed charge carries the issuer’s outcome', async () => {
    const err = await rejectionOf<Stripe.errors.StripeCardError>(() => charge('4000000000009995', all));
    const failed = await t.stripe.charges.retrieve(err.payment_intent!.latest_charge as string);
    t.check(failed);
    expect(failed.status).toBe('failed');
    expect(failed.outcome).toMatchObject({
      network_status: 'declined_by_network',
      reason: 'insufficient_funds',
      risk_level: 'normal',
      seller_message: 'The bank returned the decline code `insufficient_funds`.',
      type: 'issuer_declined',
    });
    expect(failed.payment_method_details?.card?.checks?.cvc_check).toBe('pass');
  });

  it('Radar’s elevated and blocked outcomes', async () => {
    const elevated = await charge('4000000000009235', all);
    expect((elevated.latest_charge as Stripe.Charge).outcome).toMatchObject({
      type: 'authorized',
      risk_level: 'elevated',
    });
    const err = await rejectionOf<Stripe.errors.StripeCardError>(() => charge('4100000000000019', all));
    const blocked = await t.stripe.charges.retrieve(err.payment_intent!.latest_charge as string);
    expect(blocked.outcome).toMatchObject({
      network_status: 'not_sent_to_network',
      reason: 'highest_risk_level',
      risk_level: 'highest',
      type: 'blocked',
    });
  });
});

describe('checks from the hosted Checkout page', () => {
  async function payOnPage(number: string, fields: Record<string, string>, sessionParams = {}) {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 1200, product_data: { name: 'Lamp' } }, quantity: 1 }],
      ...sessionParams,
    });
    const body = new URLSearchParams({ number, expiry: '12 / 39', name: 'Jo', ...fields });
    await fetch(`${t.sim.url}/checkout/pay/${session.id}`, { method: 'POST', body, redirect: 'manual' });
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge'] });
    return ((done.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge).payment_method_details!.card!
      .checks;
  }

  it('the page asks for a postal code, and the address line when the session requires the billing address', async () => {
    const plain = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'A' } }, quantity: 1 }],
    });
    const page = await (await fetch(plain.url!)).text();
    expect(page).toContain('id="billingPostalCode"');
    expect(page).not.toContain('id="billingAddressLine1"');
    const withAddress = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      billing_address_collection: 'required',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'A' } }, quantity: 1 }],
    });
    expect(withAddress.billing_address_collection).toBe('required');
    expect(await (await fetch(withAddress.url!)).text()).toContain('id="billingAddressLine1"');
  });

  it('0101 pays with the CVC check failed; 0036 with the postal code check failed; 0028 with line 1 failed', async () => {
    expect(await payOnPage('4000000000000101', { cvc: '123', postal_code: '94107' })).toEqual({
      cvc_check: 'fail',
      address_postal_code_check: 'pass',
      address_line1_check: null,
    });
    expect(await payOnPage('4000000000000036', { cvc: '123', postal_code: '94107' })).toEqual({
      cvc_check: 'pass',
      address_postal_code_check: 'fail',
      address_line1_check: null,
    });
    expect(
      await payOnPage(
        '4000000000000028',
        { cvc: '123', postal_code: '94107', line1: '1 Market St' },
        { billing_address_collection: 'required' },
      ),
    ).toEqual({ cvc_check: 'pass', address_postal_code_check: 'pass', address_line1_check: 'fail' });
  });
});
