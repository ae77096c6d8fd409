/** `npm start` (src/cli.ts) on its own: the banner, the keys, and a working API. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** tsx's CLI wherever npm put it (hoisted to the workspace root, or in this package's node_modules). */
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

describe('the standalone simulator', () => {
  it('prints its URL, keys and how to connect, and serves the API', async () => {
    const child = spawn(
      process.execPath,
      [
        tsxCli,
        join(packageRoot, 'src/cli.ts'),
        '--port',
        '0',
        '--account-name',
        'Demo Shop',
        '--restricted-key',
        'rak_event_read,rak_dispute_read',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no banner: ${out}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Press Ctrl+C')) {
            clearTimeout(timer);
            ok();
          }
        });
        child.on('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
      });
      const lines = out.split('\n');
      const m = /^Stripe simulator listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(lines[0]!);
      expect(m, lines[0]).not.toBeNull();
      const port = Number(m![1]);
      const secret = /secret:\s+(sk_test_[A-Za-z0-9]+)/.exec(out)?.[1];
      expect(out).toMatch(/restricted:\s+rk_test_[A-Za-z0-9]+/);
      expect(out).toMatch(/publishable:\s+pk_test_[A-Za-z0-9]+/);
      expect(out).toMatch(/webhook secret:\s+whsec_[A-Za-z0-9]+/);
      expect(out).toContain(`new Stripe('${secret}', { host: '127.0.0.1', port: ${port}, protocol: 'http' })`);
      expect(out).toContain(
        `stripe listen --api-base http://127.0.0.1:${port} --api-key ${secret} --skip-update --all-snapshot --forward-to`,
      );
      const stripe = new Stripe(secret!, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
      const pi = await stripe.paymentIntents.create({
        amount: 1000,
        currency: 'cad',
        confirm: true,
        payment_method: 'pm_card_visa',
        allowed_payment_method_types: ['card'],
      });
      expect(pi.status).toBe('succeeded');

      // --account-name and --restricted-key: the account's name, and a key holding only what was asked.
      expect((await stripe.accounts.retrieveCurrent()).settings?.dashboard.display_name).toBe('Demo Shop');
      const minted = /restricted \(rak_event_read, rak_dispute_read\):\s+(rk_test_[A-Za-z0-9]+)/.exec(out)?.[1];
      const scoped = new Stripe(minted!, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
      expect((await scoped.events.list({ limit: 1 })).object).toBe('list');
      await expect(scoped.paymentIntents.list({ limit: 1 })).rejects.toThrow(/'rak_payment_intent_read'/);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
