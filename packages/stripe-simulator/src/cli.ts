/**
 * `npm run simulator -- --port 12111 [--state-file FILE] [--account-name NAME] [--restricted-key PERMS] [--moto] …`
 * Runs the simulator on its own and says how to point stripe-node, other SDKs and the Stripe CLI at it.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './start';

function usage(): never {
  console.log(`Usage: npm run simulator -- [--port PORT] [--host 127.0.0.1] [--state-file FILE] [--account-name NAME] [--restricted-key PERMS] [--moto] [--strict-keys] [--verbose]

  --port PORT         TCP port (default 12111; 0 picks a free one)
  --state-file FILE   keep the simulator's state (keys, payments, events) in FILE across restarts
  --account-name NAME the account's name (GET /v1/account's dashboard display name)
  --restricted-key P  also mint a restricted key holding only permissions P (comma-separated, e.g.
                      rak_payment_intent_write,rak_event_read); repeat for more keys
  --moto              the simulated account has MOTO enabled
  --strict-keys       accept only the simulator's own keys (default: any sk_test_/rk_test_/pk_test_ key)
  --verbose           log every request`);
  process.exit(0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '12111' },
      host: { type: 'string', default: '127.0.0.1' },
      'state-file': { type: 'string' },
      'account-name': { type: 'string' },
      'restricted-key': { type: 'string', multiple: true, default: [] },
      moto: { type: 'boolean', default: false },
      'strict-keys': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) usage();
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);

  const sim = await startSimulator({
    port,
    host: values.host,
    stateFile: values['state-file'],
    accountName: values['account-name'],
    motoEnabled: values.moto ? true : undefined,
    strictKeys: values['strict-keys'],
    logger: values.verbose,
  });
  const { url, keys, webhookSecret } = sim;
  const minted = values['restricted-key'].map((list) => {
    const permissions = list.split(',').map((p) => p.trim());
    return `  restricted (${permissions.join(', ')}): ${sim.admin.mintRestrictedKey(permissions)}`;
  });
  console.log(`Stripe simulator listening on ${url}`);
  console.log(`
Keys (test mode${values['state-file'] ? `, kept in ${values['state-file']}` : ', new on every start without --state-file'}):
  secret:          ${keys.secret}
  restricted:      ${keys.restricted}
${minted.map((line) => `${line}\n`).join('')}  publishable:     ${keys.publishable}
  webhook secret:  ${webhookSecret}   (Stripe CLI sessions sign with it)
  MOTO enabled:    ${sim.admin.motoEnabled ? 'yes' : 'no'}

stripe-node:
  new Stripe('${keys.secret}', { host: '127.0.0.1', port: ${sim.port}, protocol: 'http' })

Other Stripe SDKs: set the API base URL to ${url}
  (stripe-python: stripe.api_base = "${url}"; stripe-go: backend URL ${url}; curl: ${url}/v1/...)

Stripe CLI:
  stripe listen --api-base ${url} --api-key ${keys.secret} --skip-update --all-snapshot --forward-to http://127.0.0.1:4242/webhook
  stripe trigger payment_intent.succeeded --api-base ${url} --api-key ${keys.secret}

Test cards: 4242424242424242 succeeds, 4000000000009995 insufficient funds, 4000002500003155 needs 3D Secure,
4000000000000002 declined. Press Ctrl+C to stop.`);

  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
