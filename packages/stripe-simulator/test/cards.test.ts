/**
 * Every test card of the fidelity reference (§3), by number and by test PaymentMethod id, through create+confirm:
 * the decline codes/params/messages, Radar's blocked outcome, 3DS, and the success brands.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTestCards, testPaymentMethodIds } from '../src';
import { CARD_ONLY, rejectionOf, startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.close());

const year = new Date().getFullYear() + 2;
const confirmNumber = (number: string) =>
  t.stripe.paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    confirm: true,
    payment_method_data: {
      type: 'card',
      card: {
        number,
        exp_month: 11,
        exp_year: year,
        cvc: number.startsWith('3') && number.length === 15 ? '1234' : '123',
      },
      billing_details: { address: { postal_code: 'V2C 1A1', line1: '1 Main St' } },
    } as Stripe.PaymentIntentCreateParams.PaymentMethodData,
    ...CARD_ONLY,
  });

const EXPECTED_DECLINES: Record<string, { code: string; decline_code?: string; param?: string; message: string }> = {
  '4000000000000002': { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000009987': { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
  '4000000000009979': { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
  '4000000000000069': { code: 'expired_card', param: 'exp_month', message: 'Your card has expired.' },
  '4000000000000127': { code: 'incorrect_cvc', param: 'cvc', message: "Your card's security code is incorrect." },
  '4000000000000119': {
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  '4000000000006975': {
    code: 'card_declined',
    decline_code: 'card_velocity_exceeded',
    message: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  },
  '4100000000000019': { code: 'card_declined', decline_code: 'fraudulent', message: 'Your card was declined.' },
  '4000000000000341': { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
};

describe('every test card by number', () => {
  for (const card of allTestCards()) {
    it(`${card.number} (${card.brand})`, async () => {
      if (card.decline) {
        const err = await rejectionOf<Stripe.errors.StripeCardError>(() => confirmNumber(card.number));
        expect(err.statusCode).toBe(402);
        expect(err.code).toBe(card.decline.code);
        expect(err.decline_code || undefined).toBe(card.decline.declineCode);
        expect(err.param ?? undefined).toBe(card.decline.param);
        const expected = EXPECTED_DECLINES[card.number];
        if (expected) {
          expect({
            code: err.code,
            decline_code: err.decline_code || undefined,
            param: err.param,
            message: err.message,
          }).toEqual({
            ...expected,
            decline_code: expected.decline_code,
            param: expected.param,
          });
        }
        const charge = t.check(await t.stripe.charges.retrieve(err.charge!));
        expect(charge.status).toBe('failed');
        if (card.decline.outcome.type === 'blocked') {
          expect(charge.outcome).toMatchObject({
            type: 'blocked',
            risk_level: 'highest',
            network_status: 'not_sent_to_network',
          });
          expect(charge.fraud_details).toEqual({ stripe_report: 'fraudulent' });
        }
        return;
      }
      const pi = t.check(await confirmNumber(card.number));
      if (card.threeDS === 'none') {
        expect(pi.status).toBe('succeeded');
        const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
        expect(charge.payment_method_details?.card).toMatchObject({
          brand: card.brand,
          last4: card.number.slice(-4),
          country: card.country,
        });
        if (card.checks?.cvc) expect(charge.payment_method_details?.card?.checks?.cvc_check).toBe('fail');
        if (card.checks?.postal)
          expect(charge.payment_method_details?.card?.checks?.address_postal_code_check).toBe(card.checks.postal);
        if (card.risk) expect(charge.outcome?.risk_level).toBe(card.risk.level);
      } else {
        expect(pi.status).toBe('requires_action');
        expect(pi.next_action?.type).toBe('use_stripe_sdk');
      }
    });
  }
});

describe('every test PaymentMethod id', () => {
  it('resolves to a fresh PaymentMethod of the right card', async () => {
    for (const id of testPaymentMethodIds()) {
      const pm = await t.stripe.paymentMethods.retrieve(id);
      expect(pm.id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
      expect(pm.card?.last4).toMatch(/^\d{4}$/);
    }
  });

  it('pm_card_authenticationRequired off-session declines with authentication_required', async () => {
    const customer = await t.stripe.customers.create({});
    const err = await rejectionOf<Stripe.errors.StripeCardError>(() =>
      t.stripe.paymentIntents.create({
        amount: 900,
        currency: 'usd',
        customer: customer.id,
        confirm: true,
        off_session: true,
        payment_method: 'pm_card_authenticationRequired',
        ...CARD_ONLY,
      }),
    );
    expect(err).toMatchObject({
      statusCode: 402,
      code: 'authentication_required',
      decline_code: 'authentication_required',
    });
  });

  it('pm_card_bypassPending succeeds like 4242', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_bypassPending',
      ...CARD_ONLY,
    });
    expect(pi.status).toBe('succeeded');
  });
});
