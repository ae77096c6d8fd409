/** How the simulator serves the Stripe.js stand-in's files: types, CORS, the frame's CSP, and the not-built case. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src';
import { createStripeJsStandIn } from '../../src/stripejs';
import { tempDir } from '../temp-dir';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

describe('stripejs plugin', () => {
  const dir = tempDir('till-stripejs-plugin-');
  const built = join(dir.path, 'built');
  let sim: Sim;
  let unbuilt: Sim;

  beforeAll(async () => {
    mkdirSync(join(built, 'elements'), { recursive: true });
    writeFileSync(join(built, 'stripe.js'), 'window.Stripe = function () {};');
    writeFileSync(join(built, 'elements', 'card-frame.html'), '<!doctype html><title>frame</title>');
    writeFileSync(join(built, 'elements', 'card-frame.js'), '/* frame */');
    writeFileSync(join(built, 'elements', 'card-frame.css'), '/* css */');
    sim = await startSimulator({
      port: 0,
      builtInPlugins: false,
      plugins: [createStripeJsStandIn({ assetsDir: built })],
    });
    unbuilt = await startSimulator({
      port: 0,
      builtInPlugins: false,
      plugins: [createStripeJsStandIn({ assetsDir: join(dir.path, 'missing') })],
    });
  });

  afterAll(async () => {
    await sim?.close();
    await unbuilt?.close();
    dir.cleanup();
  });

  it('serves the script at /v3/stripe.js (and its aliases) to any origin', async () => {
    for (const path of ['/v3/stripe.js', '/v3', '/endive/stripe.js', '/stripe.js']) {
      const response = await fetch(sim.url + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.text()).toContain('window.Stripe');
    }
  });

  it('lets only the named origin frame the card page', async () => {
    const page = await fetch(`${sim.url}/v3/elements/card-frame.html?origin=https%3A%2F%2Fapp.till.invalid&id=x`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain('frame-ancestors https://app.till.invalid');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    for (const origin of ['javascript:alert(1)', 'https://a.example/path', 'https://a.example; script-src *', '']) {
      const refused = await fetch(`${sim.url}/v3/elements/card-frame.html?origin=${encodeURIComponent(origin)}`);
      expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    const css = await fetch(`${sim.url}/v3/elements/card-frame.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${sim.url}/v3/elements/..%2Fstripe.js`)).status).toBe(404);
    expect((await fetch(`${sim.url}/v3/elements/other.html`)).status).toBe(404);
  });

  it('says how to build the assets when they are missing', async () => {
    const script = await fetch(`${unbuilt.url}/v3/stripe.js`);
    expect(script.status).toBe(503);
    expect(await script.text()).toContain('vite.browser.config.ts');
    const page = await fetch(`${unbuilt.url}/v3/elements/card-frame.html?origin=http%3A%2F%2F127.0.0.1%3A5173`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('card form is not built');
  });
});
