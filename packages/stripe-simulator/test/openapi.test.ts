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
