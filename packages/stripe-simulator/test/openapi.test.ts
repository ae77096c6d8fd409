/** The OpenAPI check itself: it must catch a missing required field and a wrong type, and allow newer fields. */
import { describe, expect, it } from 'vitest';
import { expectStripeShape, schemaErrors } from './openapi';

const refund = {
  id: 're_123',
  object: 'refund',
  amount: 100,
  balance_transaction: null,
  charge: 'ch_1',
  created: 1700000000,
  currency: 'cad',
  metadata: {},
  payment_intent: 'pi_1',
  reason: null,
  receipt_number: null,
  source_transfer_reversal: null,
  status: 'succeeded',
  transfer_reversal: null,
};

describe('OpenAPI shape check', () => {
  it('accepts a valid object, with newer fields', () => {
    expect(schemaErrors('refund', { ...refund, customer_account: null, something_new: { a: 1 } })).toEqual([]);
    expect(expectStripeShape({ object: 'list', data: [refund] })).toBe(1);
  });
  it('rejects a missing required field and a wrong type', () => {
    const { created: _created, ...missing } = refund;
    expect(schemaErrors('refund', missing).join()).toContain("must have required property 'created'");
    expect(schemaErrors('refund', { ...refund, amount: '100' }).join()).toContain('must be integer');
    expect(() => expectStripeShape({ ...refund, currency: null })).toThrow(/Not shaped like Stripe/);
  });
});

describe('OpenAPI shape check of money movements', () => {
  const txn = {
    id: 'txn_1',
    object: 'balance_transaction',
    amount: 2000,
    available_on: 1700179200,
    created: 1700000000,
    currency: 'cad',
    description: null,
    exchange_rate: null,
    fee: 88,
    fee_details: [{ amount: 88, application: null, currency: 'cad', description: null, type: 'stripe_fee' }],
    net: 1912,
    reporting_category: 'charge',
    source: 'ch_1',
    status: 'pending',
    type: 'charge',
  };
  it('checks a balance (which has no id) and the transactions inside a dispute or a payout', () => {
    const balance = { object: 'balance', available: [{ amount: 0, currency: 'cad' }], livemode: false, pending: [] };
    expect(expectStripeShape(balance)).toBe(1);
    expect(() => expectStripeShape({ ...balance, pending: null })).toThrow(/balance\/pending must be array/);
    const { fee: _fee, ...noFee } = txn;
    expect(() => expectStripeShape({ object: 'list', data: [noFee] })).toThrow(/required property 'fee'/);
    expect(() => expectStripeShape({ ...refund, balance_transaction: { ...txn, type: 'nonsense' } })).toThrow(
      /balance_transaction\/type must be equal to one of the allowed values/,
    );
  });
});
