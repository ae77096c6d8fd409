import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { cookieFrom, send } from '../support/http-request';
import { startPreview, type RunningPreview } from '../support/preview';

describe('the browser preview bridge', () => {
  let preview: RunningPreview;
  let cookie: string;
  let origin: string;

  beforeAll(async () => {
    preview = await startPreview();
    origin = preview.server.origin;
    const entry = await send(preview.server.url);
    expect(entry.status).toBe(302);
    cookie = cookieFrom(entry);
    // The browser session is a sign-in session: staff sign in on it as on the lock screen.
    const signIn = JSON.parse((await call('staff.signIn', { input: { staffId: 'owner', pin: TEST_OWNER_PIN } })).body);
    expect(signIn).toMatchObject({ ok: true });
  });
  afterAll(() => preview.stop());

  const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    send(`${origin}/api/call/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...headers },
      body: JSON.stringify(body),
    });

  it('serves the demo catalog from SQLite', async () => {
    const response = await call('catalog.list', { input: { search: 'boots' } });
    expect(response.status).toBe(200);
    const result = JSON.parse(response.body);
    expect(result.ok).toBe(true);
    expect(result.value.map((p: { sku: string }) => p.sku)).toEqual(['BT-510']);
  });

  it.each([
    ['catalog.list', { input: { search: 123 } }, 'search'],
    ['catalog.list', { input: { search: 'hat', limit: 5 } }, 'limit'],
    ['catalog.list', { input: 'hat' }, ''],
    ['orders.list', { input: { limit: 'all' } }, 'limit'],
    ['orders.list', { input: { status: 'stolen' } }, 'status'],
    ['app.info', { input: { mode: 'live' } }, 'mode'],
  ])('answers a malformed %s input with a clear validation error', async (channel, body, field) => {
    const response = await call(channel, body);
    const result = JSON.parse(response.body);
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain(`Invalid input for ${channel}`);
    if (field) expect(result.error.field).toBe(field);
  });

  it('refuses an unknown channel', async () => {
    const result = JSON.parse((await call('orders.deleteAll', {})).body);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses calls without the session cookie', async () => {
    const response = await send(`${origin}/api/call/catalog.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it('refuses a wrong launch token', async () => {
    const response = await send(`${origin}/?token=guessed`);
    expect(response.status).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses another site calling in from the browser (Origin check)', async () => {
    const response = await call('catalog.list', {}, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });

  it('refuses a DNS-rebinding request (Host check)', async () => {
    const response = await call('catalog.list', {}, { host: 'evil.example' });
    expect(response.status).toBe(421);
  });

  it('sends a Content-Security-Policy header with the page', async () => {
    const page = await send(`${origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/bridge.js"></script>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('pushes messages to the page over Server-Sent Events', async () => {
    const received = new Promise<string>((resolvePromise, reject) => {
      const req = request(`${origin}/api/push`, { headers: { cookie } }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          if (buffer.includes('data: ')) {
            req.destroy();
            resolvePromise(buffer);
          } else if (buffer.includes(': connected')) {
            preview.till.push.publish('orders.changed', { orderId: 'order-1' });
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const stream = await received;
    expect(stream).toContain('data: {"topic":"orders.changed","payload":{"orderId":"order-1"}}');
  });
});
