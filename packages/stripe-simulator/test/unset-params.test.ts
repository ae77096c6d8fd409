/**
 * Stripe's "unset" encoding: an empty value (`key=`) clears a field, `metadata[key]=` deletes one metadata key and
 * `metadata=` all of them. stripe-node sends it for `''`/`null`; stripe-python for `""` (it drops `None`).
 */
import { describe, expect, it } from 'vitest';
import { CARD_ONLY, simulatorForFile } from './helpers';

const t = simulatorForFile();

describe('empty values unset', () => {
  it('metadata[key]= deletes that key and keeps the others; metadata= clears them all', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 800,
      currency: 'cad',
      metadata: { order: 'A-1', till: '2', note: 'gift' },
      ...CARD_ONLY,
    });
    const one = await t.http('POST', `/v1/payment_intents/${pi.id}`, { body: 'metadata[note]=&metadata[till]=3' });
    expect(one.body.metadata).toEqual({ order: 'A-1', till: '3' });
    const all = await t.http('POST', `/v1/payment_intents/${pi.id}`, { body: 'metadata=' });
    expect(all.body.metadata).toEqual({});
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).metadata).toEqual({});
  });

  it('description= unsets the description; leaving it out keeps it', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 800,
      currency: 'cad',
      description: 'Two teas',
      ...CARD_ONLY,
    });
    const kept = await t.http('POST', `/v1/payment_intents/${pi.id}`, { body: 'metadata[a]=b' });
    expect(kept.body.description).toBe('Two teas');
    const unset = await t.http('POST', `/v1/payment_intents/${pi.id}`, { body: 'description=' });
    expect(unset.status).toBe(200);
    expect(unset.body.description).toBeNull();
  });

  it('a required parameter sent empty is missing', async () => {
    const res = await t.http('POST', '/v1/payment_intents', { body: 'amount=&currency=cad' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_missing', param: 'amount' });
  });
});
