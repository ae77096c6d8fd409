/**
 * GET /v1/account: the account the keys belong to, as Stripe returns it to its owner (a standard account, test
 * mode). Apps use it to learn which account a key opens (`id`) and what the owner calls it
 * (`settings.dashboard.display_name`, `business_profile.name`). Any secret or restricted key may read it.
 */
import { invalidRequest } from '../api/errors';
import type { Engine } from '../engine';
import type { Registrar } from './registrar';
import { validatePermissions } from '../account/permissions';

export function accountObject(engine: Engine) {
  return {
    id: engine.accountId,
    object: 'account',
    business_profile: {
      mcc: null,
      name: engine.accountName,
      product_description: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: 'company',
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country: 'CA',
    created: engine.now() - 86_400,
    default_currency: 'cad',
    details_submitted: true,
    email: null,
    metadata: {},
    payouts_enabled: true,
    settings: {
      dashboard: { display_name: engine.accountName, timezone: 'America/Vancouver' },
      payments: { statement_descriptor: engine.accountName.toUpperCase().slice(0, 22) },
    },
    type: 'standard',
  };
}

export function registerAccount({ engine, route }: Registrar): void {
  route({ method: 'GET', url: '/v1/account', access: 'secret', handler: () => accountObject(engine) });

  // Admin: mint a restricted key with chosen permissions. Only the full secret key may, as only the Dashboard can.
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
}
