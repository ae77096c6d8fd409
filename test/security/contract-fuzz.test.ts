/**
 * Issue 15: a property-based fuzz of every channel of the contract, called the way a compromised renderer or a
 * DevTools console could call it (any value Electron's IPC carries), by the owner, by a clerk and by nobody signed in.
 * Every answer is a Result with a known error code and never `internal` (no crash); every input is refused by
 * validation, refused by the staff gate, a PIN or the state of the order log, or handled; and a refusal changes
 * nothing in the order log (a refusal by the staff gate or a PIN is written to the audit log, and counts the try —
 * that is the record the owner reads, not a change to the shop).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import type { CallerRequest, StaffIdentity } from '#core/ipc/caller';
import { CHANNELS, type Channel } from '#shared/channels';
import { contract } from '#shared/contract';
import type { ErrorCode, Result } from '#shared/result';
import { CHANNEL_ACCESS } from '#core/staff/channel-access';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { mutate, mutation } from '../support/input-mutations';
import { schemaArbitrary, type KnownValues } from '../support/schema-arbitrary';
import { startTill, type TestTill } from '../support/till';

const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'forbidden',
  'not_found',
  'conflict',
  'payment_failed',
  'stripe_unreachable',
  'setup_required',
  'signed_out',
  'internal',
] as const satisfies readonly ErrorCode[];
// The list above is all of ErrorCode: a new code fails to compile here until the fuzz knows it.
const everyCode: Exclude<ErrorCode, (typeof ERROR_CODES)[number]> extends never ? true : false = true;

/** ~10,000 inputs, the same share for each channel. */
const RUNS_PER_CHANNEL = Math.ceil(10_000 / CHANNELS.length);
const CLERK_PIN = '1357';

/** What a refusal may leave behind: the audit log's record of it (the try itself is counted on the staff row). */
const REFUSAL_RECORDS = new Set(['access.refused', 'staff.pin_refused', 'staff.pin_locked']);

/** Any value at all, as IPC would deliver it: JSON, structured-clone values, huge strings, deep nesting. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
    withSparseArray: true,
    withBoxedValues: true,
  }),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, undefined, null, 0n, 'x'.repeat(1_000_001)),
);

type Who = 'owner' | 'clerk' | 'nobody';

interface Tally {
  inputs: number;
  validation: number;
  refused: number;
  handled: number;
  byCode: Partial<Record<ErrorCode, number>>;
  channels: Set<Channel>;
}

describe('fuzzing every channel of the contract', () => {
  let core: TestTill;
  let owner: StaffIdentity;
  let clerk: StaffIdentity;
  let ownerRow: { pin_hash: string; role: string; active: number };
  let clerkRow: { pin_hash: string; role: string; active: number };
  const tally: Tally = { inputs: 0, validation: 0, refused: 0, handled: 0, byCode: {}, channels: new Set() };
  const sessions: Record<Exclude<Who, 'nobody'>, CallerRequest> = {
    owner: { session: 'fuzz-owner', window: 'checkout' },
    clerk: { session: 'fuzz-clerk', window: 'checkout' },
  };
  let known: KnownValues = {};

  const changes = () => core.till.db.prepare('SELECT total_changes()').pluck().get() as number;
  const lastAuditId = () => core.till.db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;

  /**
   * Every row of the order log, hashed, but the audit log and the PIN try counters: the two things a refusal writes
   * on purpose. Taken only when total_changes() moved, so most calls cost one query.
   */
  function contentHash(): string {
    const db = core.till.db;
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const hash = createHash('sha256');
    for (const table of tables) {
      if (table === 'audit_log') continue;
      // Kept by triggers from orders, which is hashed: any change to them is a change to orders.
      if (table === 'order_days' || table.startsWith('orders_search')) continue;
      const query =
        table === 'staff'
          ? 'SELECT id, name, role, active, pin_hash FROM staff ORDER BY id'
          : `SELECT * FROM "${table}" ORDER BY rowid`;
      hash.update(table).update(JSON.stringify(db.prepare(query).raw().all()));
    }
    return hash.digest('hex');
  }
  let cached = { at: -1, hash: '' };
  const contentNow = () => {
    const at = changes();
    if (at !== cached.at) cached = { at, hash: contentHash() };
    return cached.hash;
  };

  /**
   * What a fuzzed call may not take from the rest of the run. The owner's and the clerk's sessions are put back
   * without a PIN (a fuzzed staff.signOut or a switch of user ends them, and signing in through the channel would
   * cost an scrypt hash per call), and their accounts as they were set up: a fuzzed right PIN can change the owner's
   * PIN, role or active flag through staff.update or owner.setPin, and then nothing after would reach a handler.
   */
  function restore() {
    const db = core.till.db;
    const put = db.prepare(
      `UPDATE staff SET pin_hash = @pin_hash, role = @role, active = @active
       WHERE id = @id AND (pin_hash IS NOT @pin_hash OR role IS NOT @role OR active IS NOT @active)`,
    );
    put.run({ id: owner.id, ...ownerRow });
    put.run({ id: clerk.id, ...clerkRow });
    core.till.sessions.signIn(sessions.owner.session, owner);
    core.till.sessions.signIn(sessions.clerk.session, clerk);
  }

  /**
   * Wrong PINs lock an account for five minutes, then ten, twenty…: without this, the owner would stay locked after
   * the first few PIN-taking calls and no later one would reach the PIN check. Once per channel (not per call): a
   * lock also keeps the run fast, since a locked account hashes no PIN (~0.1 s of scrypt each).
   */
  const unlockEveryone = () =>
    core.till.db
      .prepare(
        'UPDATE staff SET pin_tries = 0, locked_until = 0, lock_count = 0 WHERE pin_tries > 0 OR locked_until > 0 OR lock_count > 0',
      )
      .run();

  beforeAll(async () => {
    core = await startTill({ training: true });
    const added = await core.call<{ id: string }>('staff.add', {
      name: 'Casey Clerk',
      role: 'clerk',
      newPin: CLERK_PIN,
      newPinAgain: CLERK_PIN,
      pin: TEST_OWNER_PIN,
    });
    if (!added.ok) throw new Error(added.error.message);
    // One paid order, so fuzzed order ids can find something to refund, cancel, refresh or print.
    const paid = await core.call<{ orderId: string; status: string }>('checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'custom', description: 'Gloves', unitPrice: 2500, taxClass: 'standard' }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101' },
      note: '',
      confirmationTokenId: await core.confirmationToken('4242424242424242'),
    });
    if (!paid.ok || paid.value.status !== 'paid') throw new Error('the first order was not paid');
    const scanned = await core.call('catalog.add', {
      sku: 'FZ-1',
      name: 'Work gloves',
      barcode: '0012345678905',
      description: '',
      unitPrice: 1299,
      taxClass: 'standard',
      pin: TEST_OWNER_PIN,
    });
    if (!scanned.ok) throw new Error(scanned.error.message);

    const db = core.till.db;
    const identity = (id: string) =>
      db.prepare('SELECT id, name, role FROM staff WHERE id = ?').get(id) as StaffIdentity;
    const row = (id: string) =>
      db.prepare('SELECT pin_hash, role, active FROM staff WHERE id = ?').get(id) as typeof ownerRow;
    owner = identity('owner');
    clerk = identity(added.value.id);
    ownerRow = row(owner.id);
    clerkRow = row(clerk.id);
    const productIds = db.prepare('SELECT id FROM products').pluck().all() as string[];
    const barcodes = db.prepare('SELECT barcode FROM products WHERE barcode IS NOT NULL').pluck().all() as string[];
    const ids = fc.oneof(fc.constantFrom(...productIds, paid.value.orderId, owner.id, clerk.id), fc.string());
    // Right PINs now and then, so PIN-confirmed actions are handled as well as refused.
    const pins = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom('0000', '9999', '12345', '99999999', '') },
      { weight: 1, arbitrary: fc.constantFrom(TEST_OWNER_PIN, CLERK_PIN) },
    );
    known = {
      orderId: fc.oneof(fc.constant(paid.value.orderId), ids),
      productId: ids,
      id: ids,
      staffId: ids,
      barcode: fc.oneof(fc.constantFrom(...barcodes), fc.stringMatching(/^\d{6,14}$/)),
      pin: pins,
      currentPin: pins,
      // A ConfirmationToken Stripe never made: checkout.pay goes as far as Stripe refusing it.
      confirmationTokenId: fc.constantFrom('ctoken_fuzz', 'ctoken_1'),
    };
  }, 60_000);

  afterAll(() => core?.stop());

  async function check(channel: Channel, input: unknown, who: Who) {
    restore();
    const caller =
      who === 'nobody' ? { session: `fuzz-nobody-${randomUUID()}`, window: 'unknown' as const } : sessions[who];
    const before = changes();
    const contentBefore = contentNow();
    const auditBefore = lastAuditId();

    let result: Result<unknown>;
    try {
      result = await core.callAs(caller, channel, input);
    } catch (error) {
      throw new Error(`${channel} threw instead of answering: ${String(error)}`, { cause: error });
    }

    tally.inputs++;
    tally.channels.add(channel);
    expect(typeof result.ok).toBe('boolean');
    if (result.ok) {
      expect(result).toHaveProperty('value');
      tally.handled++;
      return;
    }
    const { code, message } = result.error;
    expect(ERROR_CODES).toContain(code);
    expect(code, `${channel} crashed: ${message}`).not.toBe('internal');
    expect(typeof message).toBe('string');
    tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
    if (who === 'nobody' && CHANNEL_ACCESS[channel] !== 'public') {
      expect(['signed_out', 'invalid_input']).toContain(code);
    }

    if (code === 'invalid_input') tally.validation++;
    else tally.refused++;
    if (code === 'invalid_input' || code === 'signed_out') {
      // Nothing ran: not one row written, not even to the audit log — a bad input (a SKU another product has) is
      // refused before the PIN is checked, so a right PIN fuzzed now and then changes nothing here.
      expect(changes() - before, `${channel} wrote after refusing (${code})`).toBe(0);
      return;
    }
    if (changes() === before) return;
    expect(contentHash(), `${channel} changed the order log after refusing (${code}: ${message})`).toBe(contentBefore);
    const written = core.till.db
      .prepare('SELECT action FROM audit_log WHERE id > ?')
      .pluck()
      .all(auditBefore) as string[];
    for (const action of written)
      expect(REFUSAL_RECORDS, `${channel} audited ${action} on a refusal`).toContain(action);
  }

  it.each(CHANNELS)(
    '%s: no crash, and nothing changed by a refusal',
    async (channel) => {
      unlockEveryone();
      const shaped = schemaArbitrary(contract[channel].input as never, known);
      const input = fc.oneof(
        { weight: 3, arbitrary: anyValue },
        { weight: 2, arbitrary: shaped },
        {
          weight: 5,
          arbitrary: fc.tuple(shaped, fc.nat(), mutation).map(([valid, pick, change]) => mutate(valid, pick, change)),
        },
      );
      const who = fc.constantFrom<Who>('owner', 'owner', 'clerk', 'nobody');
      await fc.assert(
        fc.asyncProperty(input, who, (value, caller) => check(channel, value, caller)),
        { numRuns: RUNS_PER_CHANNEL },
      );
    },
    60_000,
  );

  it('covered every channel with at least 10,000 inputs', () => {
    expect(everyCode).toBe(true);
    expect(tally.channels.size).toBe(CHANNELS.length);
    expect(tally.inputs).toBeGreaterThanOrEqual(10_000);
    expect(tally.validation + tally.refused + tally.handled).toBe(tally.inputs);
    // Each kind of answer happened: a fuzz that only ever hit validation would prove little.
    expect(tally.handled).toBeGreaterThan(100);
    expect(tally.byCode.forbidden).toBeGreaterThan(0);
    expect(tally.byCode.signed_out).toBeGreaterThan(0);
    console.log(
      `fuzz: ${tally.inputs} inputs over ${tally.channels.size} channels: ${tally.validation} refused by validation, ` +
        `${tally.refused} refused otherwise, ${tally.handled} handled; 0 crashes; DB unchanged after every refusal ` +
        `(refusals by code: ${JSON.stringify(tally.byCode)})`,
    );
  });
});
