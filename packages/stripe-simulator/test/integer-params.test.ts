/** Integers arrive as decimal strings in every SDK's form encoding; the simulator types them, or refuses them as Stripe does. */
import { describe, expect, it } from 'vitest';
import { CARD_ONLY, simulatorForFile } from './helpers';

const t = simulatorForFile();

describe('integer parameters', () => {
  it('a string of digits is the number, at the top level and nested', async () => {
    const res = await t.http('POST', '/v1/payment_intents', {
      body: 'amount=1099&currency=cad&payment_method_types[0]=card&confirm=true&payment_method=pm_card_visa',
    });
    expect(res.body).toMatchObject({ amount: 1099, amount_received: 1099, status: 'succeeded' });
    const refund = await t.http('POST', '/v1/refunds', { body: `payment_intent=${res.body.id}&amount=0400` });
    expect(refund.status, JSON.stringify(refund.body)).toBe(200);
    expect(refund.body.amount).toBe(400);
    const list = await t.http('GET', `/v1/payment_intents?limit=1&created[gte]=${res.body.created}`);
    expect(list.body.data.map((pi: { id: string }) => pi.id)).toEqual([res.body.id]);
  });

  it('decimals, exponents and words are refused with Stripe’s Invalid integer', async () => {
    for (const value of ['10.5', '1e3', 'ten']) {
      const res = await t.http('POST', '/v1/payment_intents', { body: `amount=${value}&currency=cad` });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'parameter_invalid_integer',
        param: 'amount',
        message: `Invalid integer: ${value}`,
      });
    }
    const pi = await t.stripe.paymentIntents.create({
      amount: 500,
      currency: 'cad',
      confirm: true,
      payment_method: 'pm_card_visa',
      ...CARD_ONLY,
    });
    const refund = await t.http('POST', '/v1/refunds', { body: `payment_intent=${pi.id}&amount=2.5` });
    expect(refund.status).toBe(400);
    expect(refund.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
  });
});
