/**
 * GET /v1/account: the account the keys belong to, as Stripe returns it to its owner (a standard account, test
 * mode). Apps use it to learn which account a key opens (`id`) and what the owner calls it
 * (`settings.dashboard.display_name`, `business_profile.name`). Any secret or restricted key may read it (the
 * simulator does not scope it).
 */
import type { Engine } from '../engine';
import type { Registrar } from './registrar';

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
    default_currency: engine.defaultCurrency,
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
}
