/**
 * The browser preview's streamed export over HTTP: the call answers with a one-time address, which only the session
 * that asked can fetch, once; the CSV arrives as the response. (The page's Cancel also calls orders.cancelExport,
 * which stops the write whatever the socket does: test/integration/orders-export.test.ts. A client closing the
 * connection in this same process cannot be tested reliably: loopback buffers take megabytes before it reads.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { cookieFrom, send } from '../support/http-request';
import { writeMixedOrders } from '../support/mixed-orders';
import { startPreview, type RunningPreview } from '../support/preview';

const ORDERS = 20_000;

describe('the preview’s export downloads', () => {
  let preview: RunningPreview;
  let origin: string;

  /** A browser session with the owner signed in on it. */
  async function session(): Promise<string> {
    const cookie = cookieFrom(await send(preview.server.newLaunchUrl()));
    const signIn = await call(cookie, 'staff.signIn', { staffId: 'owner', pin: TEST_OWNER_PIN });
    expect(signIn).toMatchObject({ ok: true });
    return cookie;
  }
  async function call(cookie: string, channel: string, input: unknown) {
    const response = await send(`${origin}/api/call/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ input }),
    });
    return JSON.parse(response.body) as { ok: boolean; value: { download: string; rows: number; fileName: string } };
  }
  const exported = (action: string) =>
    preview.till.db.prepare('SELECT count(*) FROM audit_log WHERE action = ?').pluck().get(action) as number;

  beforeAll(async () => {
    preview = await startPreview();
    origin = preview.server.origin;
    writeMixedOrders(preview.till.db, ORDERS);
  }, 120_000);
  afterAll(() => preview.stop());

  it('streams the file once, to the session that asked, and records the export', async () => {
    const owner = await session();
    const answer = await call(owner, 'orders.exportCsv', {});
    expect(answer).toMatchObject({
      ok: true,
      value: { rows: ORDERS, download: expect.stringMatching(/^\/api\/download\//) },
    });
    const address = `${origin}${answer.value.download}`;
    // Another browser session, even one signed in as the owner, gets nothing; nor does a request without a cookie.
    expect((await send(address, { headers: { cookie: await session() } })).status).toBe(404);
    expect((await send(address)).status).toBe(401);
    const file = await send(address, { headers: { cookie: owner } });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${answer.value.fileName}"`);
    expect(file.body.startsWith('\uFEFFOrder,Date,Status,')).toBe(true);
    expect(file.body.trimEnd().split('\r\n').length).toBeGreaterThan(ORDERS);
    expect(exported('orders.exported')).toBe(1);
    expect((await send(address, { headers: { cookie: owner } })).status).toBe(404);
  });
});
