/**
 * /_simulator admin routes for tests: fault injection, MOTO capability, clock, scheduled jobs, restricted keys,
 * e-mail receipts, payouts.
 */
import { invalidRequest } from '../api/errors';
import { validateFaultConfig } from '../state/faults';
import { validatePermissions } from '../account/permissions';
import { expireDueCheckoutSessions } from '../resources/checkout-sessions';
import { runPayouts, settleBalance } from '../resources/payouts';
import { listReceipts } from '../resources/receipts';
import type { Registrar } from '../routes/registrar';

export function registerAdmin({ engine, route }: Registrar): void {
  // Mint a restricted key with chosen permissions. Only the full secret key may, as only the Dashboard can.
  route({
    method: 'POST',
    url: '/_simulator/restricted_keys',
    access: 'secret',
    idempotent: false,
    handler: ({ params, auth }) => {
      if (auth?.kind !== 'secret') throw invalidRequest('Only a secret key can create restricted keys.');
      const raw = params.permissions ?? [];
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((p): p is string => typeof p === 'string')) {
        throw invalidRequest('permissions must be a list of permission names', { param: 'permissions' });
      }
      let permissions: string[];
      try {
        permissions = validatePermissions(list);
      } catch (err) {
        throw invalidRequest((err as Error).message, { param: 'permissions' });
      }
      const key = engine.restrictedKeys.mint(permissions);
      engine.touch();
      return { key, permissions };
    },
  });

  const admin = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    handler: (params: Record<string, unknown>) => unknown,
  ) => route({ method, url, access: 'secret', idempotent: false, handler: ({ params }) => handler(params) });

  admin('GET', '/_simulator/faults', () => engine.faults.status());
  admin('POST', '/_simulator/faults', (params) => {
    try {
      engine.faults.set(validateFaultConfig(params));
    } catch (err) {
      throw invalidRequest((err as Error).message);
    }
    return engine.faults.status();
  });
  admin('DELETE', '/_simulator/faults', () => {
    engine.faults.clear();
    return engine.faults.status();
  });

  admin('GET', '/_simulator/moto', () => ({ enabled: engine.motoEnabled }));
  admin('POST', '/_simulator/moto', (params) => {
    const v = params.enabled;
    if (v !== true && v !== false && v !== 'true' && v !== 'false') {
      throw invalidRequest('enabled must be true or false', { param: 'enabled' });
    }
    engine.motoEnabled = v === true || v === 'true';
    engine.touch();
    return { enabled: engine.motoEnabled };
  });

  admin('POST', '/_simulator/clock', (params) => {
    const raw = params.advanceSeconds;
    const seconds = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw invalidRequest('advanceSeconds must be a non-negative number', { param: 'advanceSeconds' });
    }
    const now = engine.clock.advance(seconds);
    engine.touch();
    expireDueCheckoutSessions(engine);
    settleBalance(engine);
    return { now };
  });

  // The daily automatic payout, run when a test (or the training clock) says the day has come.
  admin('POST', '/_simulator/payouts/run', () => ({
    object: 'list',
    data: runPayouts(engine),
    has_more: false,
    url: '/_simulator/payouts/run',
  }));
  admin('GET', '/_simulator/clock', () => ({ now: engine.now() }));

  admin('POST', '/_simulator/jobs/run', () => ({ ran: engine.scheduler.runAll() }));

  // The e-mail receipts Stripe would have sent, so a test can assert that one went out.
  admin('GET', '/_simulator/receipts', (params) => {
    const text = (key: string) => (typeof params[key] === 'string' && params[key] ? params[key] : undefined);
    return {
      object: 'list',
      data: listReceipts(engine, { payment_intent: text('payment_intent'), charge: text('charge') }),
      has_more: false,
      url: '/_simulator/receipts',
    };
  });
}
