import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerRequest } from '#core/ipc/caller';
import { CHANNELS } from '#shared/channels';
import type {
  AuditPage,
  HistorySummary,
  OrderDetail,
  OrdersPage,
  PaymentOutcome,
  SignedIn,
  StaffAccount,
} from '#shared/contract';
import { CHANNEL_ACCESS } from '#core/staff/channel-access';
import { can } from '#shared/permissions';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { startTill, type TestTill } from '../support/till';

/** Named staff through the contract: who may do what, and every order, attempt and audit entry naming them. */
describe('staff accounts', () => {
  let core: TestTill;
  let sam: StaffAccount;
  let clerk: CallerRequest;
  beforeEach(async () => {
    core = await startTill({ training: true });
    sam = await core.addStaff('Sam', 'clerk', '1357');
    clerk = await core.signIn(sam.id, '1357');
  });
  afterEach(() => core.stop());

  const oneBoot = () => ({ lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] });
  const payAs = async (caller: CallerRequest) => {
    const paid = await core.callAs<PaymentOutcome>(caller, 'checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'product', productId: core.productId('BT-510'), quantity: 1 }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101' },
      note: '',
      confirmationTokenId: await core.confirmationToken('4242424242424242'),
    });
    if (!paid.ok) throw new Error(paid.error.message);
    return paid.value;
  };

  it('refuses a clerk every channel the permission table keeps from clerks, and audits the try', async () => {
    const owner = (await core.call<StaffAccount[]>('staff.list')) as { ok: true; value: StaffAccount[] };
    expect(owner.value.map((member) => member.name).sort()).toEqual(['Owner', 'Sam']);
    const refused: string[] = [];
    for (const channel of CHANNELS) {
      const access = CHANNEL_ACCESS[channel];
      if (access === 'public' || access === 'signedIn' || can('clerk', access)) continue;
      // Valid-looking inputs do not matter: the permission is checked before any handler runs.
      const answer = await core.callAs(clerk, channel, inputFor(channel));
      if (!answer.ok && answer.error.code === 'forbidden') refused.push(channel);
      else if (!answer.ok && answer.error.code === 'invalid_input') refused.push(channel);
      else throw new Error(`${channel} answered a clerk: ${JSON.stringify(answer)}`);
    }
    expect(refused).toEqual(expect.arrayContaining(['orders.refund', 'orders.exportCsv', 'database.backup']));
    expect(refused).toEqual(expect.arrayContaining(['settings.update', 'keys.save', 'staff.add', 'audit.list']));
    const audited = core.till.db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'access.refused' AND actor = ?")
      .pluck()
      .get(sam.id) as number;
    expect(audited).toBeGreaterThanOrEqual(10);
  });

  it('answers nothing but the lock screen to a session nobody signed in on', async () => {
    const walkUp: CallerRequest = { session: 'walk-up', window: 'checkout' };
    expect(await core.callAs(walkUp, 'orders.list', {})).toMatchObject({ ok: false, error: { code: 'signed_out' } });
    expect(await core.callAs(walkUp, 'checkout.quote', oneBoot())).toMatchObject({
      ok: false,
      error: { code: 'signed_out' },
    });
    expect(await core.callAs<{ name: string }[]>(walkUp, 'staff.roster')).toMatchObject({
      ok: true,
      value: [
        { name: 'Owner', role: 'owner' },
        { name: 'Sam', role: 'clerk' },
      ],
    });
    expect(await core.callAs<SignedIn>(walkUp, 'staff.current')).toMatchObject({ ok: true, value: { staff: null } });
  });

  it('names the clerk on the order, its attempt, its audit entries and its receipt; the history filters by them', async () => {
    const paid = await payAs(clerk);
    await payAs({ session: 'test-owner', window: 'checkout' });
    expect(paid.receipt?.clerk).toBe('Sam');
    const db = core.till.db;
    expect(db.prepare('SELECT staff_id FROM orders WHERE id = ?').pluck().get(paid.orderId)).toBe(sam.id);
    expect(db.prepare('SELECT staff_id FROM payment_attempts WHERE order_id = ?').pluck().get(paid.orderId)).toBe(
      sam.id,
    );
    const entries = db
      .prepare('SELECT actor, window FROM audit_log WHERE order_id = ? ORDER BY id')
      .all(paid.orderId) as { actor: string; window: string }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.actor === sam.id && entry.window === 'checkout')).toBe(true);

    const detail = await core.call<OrderDetail>('orders.get', { orderId: paid.orderId });
    expect(detail).toMatchObject({ ok: true, value: { staffName: 'Sam', receipt: { clerk: 'Sam' } } });
    const bySam = await core.call<OrdersPage>('orders.list', { staffId: sam.id });
    expect(bySam.ok && bySam.value.orders.map((order) => [order.id, order.staffName])).toEqual([[paid.orderId, 'Sam']]);
    const samsTotals = await core.call<HistorySummary>('orders.totals', { staffId: sam.id });
    expect(samsTotals.ok && samsTotals.value.totals[0]?.orders).toBe(1);
  });

  it('switches user on one session: the one before is signed out, and both show in the audit log', async () => {
    const switched = await core.callAs<SignedIn>(clerk, 'staff.signIn', { staffId: 'owner', pin: TEST_OWNER_PIN });
    expect(switched).toMatchObject({ ok: true, value: { staff: { name: 'Owner', role: 'owner' } } });
    expect(await core.callAs(clerk, 'orders.list', {})).toMatchObject({ ok: true });
    const log = await core.call<AuditPage>('audit.list', { filter: { action: 'staff' } });
    const actions = log.ok ? log.value.entries.map((entry) => `${entry.who} ${entry.action}`) : [];
    expect(actions.slice(0, 3)).toEqual(['Owner staff.signed_in', 'Sam staff.signed_out', 'Sam staff.signed_in']);
    expect(await core.callAs<SignedIn>(clerk, 'staff.signOut')).toMatchObject({ ok: true, value: { staff: null } });
    expect(await core.callAs(clerk, 'orders.list', {})).toMatchObject({ ok: false, error: { code: 'signed_out' } });
  });

  it('ends the sessions of someone deactivated or given another role, and keeps an owner who can sign in', async () => {
    const change = (input: object) => core.call<StaffAccount>('staff.update', { pin: TEST_OWNER_PIN, ...input });
    expect(await change({ id: sam.id, role: 'manager' })).toMatchObject({ ok: true, value: { role: 'manager' } });
    expect(await core.callAs(clerk, 'checkout.quote', oneBoot())).toMatchObject({
      ok: false,
      error: { code: 'signed_out' },
    });
    expect(await change({ id: sam.id, active: false })).toMatchObject({ ok: true, value: { active: false } });
    expect(await core.callAs(clerk, 'staff.signIn', { staffId: sam.id, pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await change({ id: 'owner', role: 'manager' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: /needs an owner/ },
    });
    expect(await change({ id: sam.id, name: 'owner' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'name' },
    });
    // A name already on the list is refused the same way whatever the PIN: it is checked before the PIN.
    expect(await change({ id: sam.id, name: 'owner', pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'name' },
    });
  });

  it('locks a session nobody used for the owner’s auto-lock minutes', async () => {
    expect(await core.call('settings.update', { autoLockMinutes: 1, pin: TEST_OWNER_PIN })).toMatchObject({
      ok: true,
      value: { autoLockMinutes: 1 },
    });
    const sessions = core.till.sessions.signedIn();
    expect(sessions.some((entry) => entry.session === clerk.session)).toBe(true);
    // A minute and a bit without a call: the clerk's session is over, as the page's own timer says too.
    core.till.sessions.adopt(
      sessions.map((entry) => (entry.session === clerk.session ? { ...entry, lastSeen: Date.now() - 61_000 } : entry)),
    );
    expect(await core.callAs(clerk, 'checkout.quote', oneBoot())).toMatchObject({
      ok: false,
      error: { code: 'signed_out' },
    });
  });
});

/** An input each channel accepts in shape, for the permission walk. */
function inputFor(channel: string): unknown {
  const inputs: Record<string, unknown> = {
    'orders.refund': { orderId: 'x', amount: 1, reason: 'duplicate', note: '', pin: '1357' },
    'orders.get': { orderId: 'x' },
    'settings.update': { motoEnabled: true, pin: '1357' },
    'shop.update': { name: 'X', pin: '1357' },
    'keys.save': { publishableKey: 'pk_test_x', secretKey: 'sk_test_x', pin: '1357' },
    'keys.remove': { pin: '1357' },
    'catalog.add': { sku: 'X', name: 'X', unitPrice: 1, taxClass: 'standard', pin: '1357' },
    'catalog.update': { id: 'x', sku: 'X', name: 'X', unitPrice: 1, taxClass: 'standard', pin: '1357' },
    'catalog.archive': { id: 'x', archived: true, pin: '1357' },
    'catalog.delete': { id: 'x', pin: '1357' },
    'catalog.importPreview': { csv: 'SKU' },
    'catalog.import': { csv: 'SKU', rows: [], pin: '1357' },
    'staff.add': { name: 'Eve', role: 'owner', newPin: '1111', newPinAgain: '1111', pin: '1357' },
    'staff.update': { id: 'owner', role: 'clerk', pin: '1357' },
  };
  return inputs[channel];
}
