/**
 * Who gets into the browser preview: the launch link works once, for one browser; each browser session is its own
 * sign-in session; calls come only as JSON.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '#core/ipc/caller';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { cookieFrom, send } from '../support/http-request';
import { startPreview, type RunningPreview } from '../support/preview';

describe('browser preview sessions', () => {
  let preview: RunningPreview;
  let origin: string;

  beforeAll(async () => {
    preview = await startPreview();
    origin = preview.server.origin;
  });
  afterAll(() => preview.stop());

  /** A browser opening a launch link: the session cookie it is given. */
  async function openLink(url = preview.server.newLaunchUrl()) {
    const entry = await send(url);
    expect(entry.status).toBe(302);
    return cookieFrom(entry);
  }

  const call = (cookie: string, channel: string, input?: unknown, headers: Record<string, string> = {}) =>
    send(`${origin}/api/call/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...headers },
      body: JSON.stringify(input === undefined ? {} : { input }),
    }).then((response) => JSON.parse(response.body));

  it('spends the launch token on the first browser: the link opened again elsewhere is refused and says why', async () => {
    const url = preview.server.newLaunchUrl();
    const first = await send(url);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);

    const again = await send(url); // another browser, no cookie
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('Each link works once');
    expect(again.body).toContain('stop the preview (Ctrl+C) and start it again');
  });

  it('keeps the session of the browser that opened the link: its reloads and a second visit to the link work', async () => {
    const url = preview.server.newLaunchUrl();
    const cookie = await openLink(url);
    const reopened = await send(url, { headers: { cookie } });
    expect(reopened.status).toBe(302);
    expect(reopened.headers['set-cookie']).toBeUndefined();
    const page = await send(`${origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('test page');
  });

  it('gives a random session cookie that is not the launch token, and the token does not work as a cookie', async () => {
    const url = preview.server.newLaunchUrl();
    const token = new URL(url).searchParams.get('token')!;
    const cookie = await openLink(url);
    const [name, value] = cookie.split('=') as [string, string];
    expect(value).not.toContain(token);
    expect(value.length).toBeGreaterThanOrEqual(43); // 32 random bytes

    expect(await call(cookie, 'staff.current')).toMatchObject({ ok: true, value: { staff: null } });
    const withToken = await send(`${origin}/api/call/staff.current`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${name}=${token}` },
      body: '{}',
    });
    expect(withToken.status).toBe(401);
  });

  it('makes each browser session its own sign-in: the owner signed in on one leaves the other locked', async () => {
    const counter = await openLink();
    const other = await openLink();
    expect(await call(counter, 'staff.signIn', { staffId: 'owner', pin: TEST_OWNER_PIN })).toMatchObject({ ok: true });

    expect(await call(counter, 'staff.current')).toMatchObject({ ok: true, value: { staff: { id: 'owner' } } });
    expect(await call(other, 'staff.current')).toMatchObject({ ok: true, value: { staff: null } });
    expect(await call(counter, 'catalog.list', {})).toMatchObject({ ok: true });
    expect(await call(other, 'catalog.list', {})).toMatchObject({ ok: false, error: { code: 'signed_out' } });
  });

  it('names the session to core by an id that is not the cookie, and the window the page says it is', async () => {
    const cookie = await openLink();
    const current = vi.spyOn(preview.till.handlers, 'staff.current');
    try {
      await call(cookie, 'staff.current', undefined, { 'x-till-window': 'history' });
      await call(cookie, 'staff.current', undefined, { 'x-till-window': 'devtools' });
      const callers = current.mock.calls.map(([, caller]) => caller as Caller);
      expect(callers.map((caller) => caller.window)).toEqual(['history', 'unknown']);
      expect(callers[0]!.session).toBe(callers[1]!.session);
      expect(callers[0]!.session).not.toContain(cookie.split('=')[1]!);
    } finally {
      current.mockRestore();
    }
  });

  it('records the window a sign-in came from in the audit log', async () => {
    const cookie = await openLink();
    await call(cookie, 'staff.signIn', { staffId: 'owner', pin: TEST_OWNER_PIN }, { 'x-till-window': 'catalog' });
    const windows = preview.till.db
      .prepare("SELECT window FROM audit_log WHERE action = 'staff.signed_in' ORDER BY rowid DESC LIMIT 1")
      .pluck()
      .all();
    expect(windows).toEqual(['catalog']);
  });

  it.each([
    ['no content type', {}],
    ['text/plain (a cross-site form can send it)', { 'content-type': 'text/plain' }],
    ['a urlencoded form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
  ])('refuses a call with %s (415) before any handler runs', async (_what, headers: Record<string, string>) => {
    const cookie = await openLink();
    const signIn = vi.spyOn(preview.till.handlers, 'staff.signIn');
    try {
      const response = await send(`${origin}/api/call/staff.signIn`, {
        method: 'POST',
        headers: { cookie, ...headers },
        body: JSON.stringify({ input: { staffId: 'owner', pin: TEST_OWNER_PIN } }),
      });
      expect(response.status).toBe(415);
      expect(signIn).not.toHaveBeenCalled();
      expect(await call(cookie, 'staff.current')).toMatchObject({ ok: true, value: { staff: null } });
    } finally {
      signIn.mockRestore();
    }
  });

  it('takes JSON with a charset', async () => {
    const cookie = await openLink();
    const response = await send(`${origin}/api/call/staff.current`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true });
  });
});
