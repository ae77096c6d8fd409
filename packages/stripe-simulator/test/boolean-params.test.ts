/**
 * Booleans as the official SDKs send them: `true`/`false` and, from stripe-python (`str(True)`) and older
 * stripe-dotnet (`bool.ToString()`), `True`/`False`. Stripe refuses other spellings with `Invalid boolean`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from './helpers';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.close());

const create = (params: string) =>
  t.http('POST', '/v1/payment_intents', { body: `amount=1500&currency=cad&${params}` });

describe('boolean parameters', () => {
  it('True (stripe-python) confirms at create and enables automatic payment methods, like true', async () => {
    for (const spelling of ['True', 'true']) {
      const res = await create(
        `automatic_payment_methods[enabled]=${spelling}&automatic_payment_methods[allow_redirects]=never` +
          `&confirm=${spelling}&payment_method=pm_card_visa`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.status).toBe('succeeded');
      expect(res.body.automatic_payment_methods).toEqual({ allow_redirects: 'never', enabled: true });
    }
  });

  it('False is false: no confirmation, and off_session=False is allowed without confirm', async () => {
    const res = await create('payment_method_types[0]=card&confirm=False&off_session=False');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('requires_payment_method');
    const onSession = await create(
      'payment_method_types[0]=card&confirm=True&off_session=False&payment_method=pm_card_authenticationRequired&return_url=http%3A%2F%2F127.0.0.1%2Fdone',
    );
    // On session, a card that needs 3D Secure asks for it (off session it would be declined).
    expect(onSession.body.status).toBe('requires_action');
  });

  it('other spellings (yes, 1, TRUE) are refused with Stripe’s invalid_request_error naming the parameter', async () => {
    for (const [params, param, value] of [
      ['confirm=yes', 'confirm', 'yes'],
      ['confirm=1', 'confirm', '1'],
      ['automatic_payment_methods[enabled]=TRUE', 'automatic_payment_methods[enabled]', 'TRUE'],
    ]) {
      const res = await create(params!);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        type: 'invalid_request_error',
        param,
        message: `Invalid boolean: ${value}`,
      });
    }
  });
});
