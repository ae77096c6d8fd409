/**
 * Issue 15: a walk over every channel's answer, with Till on Stripe test keys (against the simulator, which plays
 * Stripe with sk_test_/rk_test_/pk_test_ keys), finds no secret or restricted key, no webhook secret and no client
 * secret — but the one the card form needs: a `requires_action` answer of checkout.pay or checkout.refresh carries
 * the PaymentIntent's client secret, because Stripe.js runs 3D Secure in the page with it (Stripe's design: the client
 * secret belongs to the client that completes the payment). That one field, in that one status, and nowhere else.
 */
import { localDay } from '#shared/local-day';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@till/stripe-simulator';
import type { CallerRequest } from '#core/ipc/caller';
import { dispatch } from '#core/ipc/dispatch';
import { createLogger } from '#core/log';
import { startTillHost, type TillHost } from '#core/till-host';
import { CHANNELS, type Channel } from '#shared/channels';
import type { Result } from '#shared/result';
import { createFileKeyVault } from '../../src/web/file-key-vault';
import { previewShell } from '../../src/web/preview-shell';
import { createConfirmationToken } from '../support/confirmation-token';
import { exportToFolder } from '../support/export-shell';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import { pdfText } from '../support/pdf-text';
import { findLeaks, TEST_CARD_NUMBERS } from '../support/leak-scan';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

interface Answer {
  channel: Channel;
  result: Result<unknown>;
}

const CLIENT_SECRET = /\bpi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+/g;
/** The answers allowed to carry a client secret, in `clientSecret`, when the payment waits for 3D Secure. */
const CARD_FORM_CHANNELS: readonly Channel[] = ['checkout.pay', 'checkout.refresh'];

const carriesCardFormSecret = ({ channel, result }: Answer) =>
  CARD_FORM_CHANNELS.includes(channel) &&
  result.ok &&
  (result.value as { status?: string }).status === 'requires_action';

/**
 * Every secret in the answers, but the documented one: its field is taken out before the answer is read (and only
 * in a `requires_action` answer of the card form's channels), so a client secret anywhere else is still found.
 */
function secretsIn(answers: readonly Answer[], known: { kind: string; value: string }[]) {
  return answers.flatMap((answer) => {
    const shown = carriesCardFormSecret(answer)
      ? { ...answer.result, value: { ...(answer.result as { value: object }).value, clientSecret: '[card form]' } }
      : answer.result;
    return findLeaks(JSON.stringify(shown), known).map((leak) => ({ channel: answer.channel, ...leak }));
  });
}

describe('every channel’s answer on Stripe test keys', () => {
  const root = tempDir('till-secrets-walk-');
  const dataDir = join(root.path, 'Till');
  const backupFolder = join(root.path, 'Backups');
  mkdirSync(backupFolder);
  const OWNER: CallerRequest = { session: 'walk-owner', window: 'checkout' };
  const CLERK: CallerRequest = { session: 'walk-clerk', window: 'checkout' };
  let sim: RunningSimulator;
  let host: TillHost;
  const answers: Answer[] = [];
  const known: { kind: string; value: string }[] = [];
  /** The client secrets the card form was given, one per 3D Secure payment. */
  const cardFormSecrets: string[] = [];
  /** What the dispute evidence PDF says, as a reader sees it (its streams are compressed in the file). */
  let evidenceText = '';
  let exportedText = '';

  async function callAs<T>(caller: CallerRequest, channel: Channel, input?: unknown): Promise<T> {
    const result = await dispatch(host.till.handlers, channel, input, undefined, caller);
    answers.push({ channel, result });
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as T;
  }
  const call = <T>(channel: Channel, input?: unknown) => callAs<T>(OWNER, channel, input);
  const token = (card: string) => createConfirmationToken(sim.url, sim.keys.publishable, card);
  const pay = async (card: string, unitPrice: number) =>
    call<{ orderId: string; status: string; clientSecret: string | null }>('checkout.pay', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'custom', description: 'Safety boots', unitPrice, taxClass: 'standard' }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
      note: 'leave at the back door',
      confirmationTokenId: await token(card),
    });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, accountName: 'Walk Hardware', strictKeys: true, builtInPlugins: false });
    host = await startTillHost({
      dataDir,
      version: '0.0.0-test',
      env: {},
      vault: createFileKeyVault(dataDir),
      // The desktop app's save dialogs, answered: the browser preview cannot save a backup or a PDF where the owner
      // chooses, and the walk needs those channels' answers too. (The PDF itself is Electron's to render.)
      shell: {
        ...previewShell,
        chooseSavePath: async ({ defaultName }) => join(root.path, defaultName),
        chooseFolder: async () => backupFolder,
        saveReceiptPdf: async (order) => ({ path: join(root.path, `receipt-${order.number}.pdf`) }),
        ...exportToFolder(root.path),
      },
      logger: createLogger({ level: 'silent' }),
      stripeRetry: { attempts: 2, delayMs: () => 5 },
      stripeApiBase: sim.url,
      background: true,
    });
    known.push(
      { kind: 'secret key', value: sim.keys.secret },
      { kind: 'restricted key', value: sim.keys.restricted },
      ...TEST_CARD_NUMBERS.map((value) => ({ kind: 'test card number', value })),
    );

    // Before anyone signs in, on the first start: what the set-up screen and the lock screen ask.
    await call('app.info');
    await call('setup.status');
    await call('setup.complete', {
      start: 'own',
      shop: {
        name: 'Walk Hardware',
        address: '1 Main St',
        phone: '250 555 0100',
        taxNumbers: [{ label: 'GST', number: '123456789 RT0001' }],
        currency: 'CAD',
      },
      taxes: [{ taxClass: 'standard', name: 'GST', rateBp: 500 }],
      owner: { name: 'Owner', pin: TEST_OWNER_PIN, pinAgain: TEST_OWNER_PIN },
    });
    await call('owner.pinStatus');
    await call('staff.roster');
    await call('staff.signIn', { staffId: 'owner', pin: TEST_OWNER_PIN });

    // The owner pastes the shop's test keys: Till checks them with Stripe and opens the account's own order log.
    const saved = await call<{ mode: string }>('keys.save', {
      publishableKey: sim.keys.publishable,
      secretKey: sim.keys.secret,
      pin: TEST_OWNER_PIN,
    });
    expect(saved.mode).toBe('test');
    expect(host.till.mode).toBe('test');
    await call('staff.current');
    await call('keys.status');
    await call('checkout.config');
    await call('events.status');
    await call('settings.get');
    await call('settings.update', { autoLockMinutes: 30, pin: TEST_OWNER_PIN });
    await call('owner.setPin', { pin: TEST_OWNER_PIN, currentPin: TEST_OWNER_PIN });
    await call('shop.get');
    await call('shop.update', {
      name: 'Walk Hardware',
      address: '1 Main St\nKamloops, BC',
      phone: '250 555 0100',
      taxNumbers: [{ label: 'GST', number: '123456789 RT0001' }],
      pin: TEST_OWNER_PIN,
    });

    // The catalog.
    const product = await call<{ id: string }>('catalog.add', {
      sku: 'BT-1',
      name: 'Safety boots',
      barcode: '0012345678905',
      description: 'Steel toe',
      unitPrice: 8999,
      taxClass: 'standard',
      pin: TEST_OWNER_PIN,
    });
    await call('catalog.update', {
      id: product.id,
      sku: 'BT-1',
      name: 'Safety boots, steel toe',
      barcode: '0012345678905',
      description: 'Steel toe',
      unitPrice: 9499,
      taxClass: 'standard',
      pin: TEST_OWNER_PIN,
    });
    const csv = 'sku,name,price,tax class\nGL-1,Work gloves,12.99,standard\nHT-1,Hard hat,24.50,standard\n';
    await call('catalog.importPreview', { csv });
    await call('catalog.import', { csv, rows: [2, 3], pin: TEST_OWNER_PIN });
    await call('catalog.list', { search: 'boots' });
    await call('catalog.byBarcode', { barcode: '0012345678905' });
    await call('catalog.exportCsv');
    const hat = host.till.db.prepare("SELECT id FROM products WHERE sku = 'HT-1'").pluck().get() as string;
    await call('catalog.archive', { id: hat, archived: true, pin: TEST_OWNER_PIN });
    await call('catalog.delete', { id: hat, pin: TEST_OWNER_PIN });

    // Staff: a clerk is added, signs in on a till of their own, and signs out.
    const clerk = await call<{ id: string }>('staff.add', {
      name: 'Casey Clerk',
      role: 'clerk',
      newPin: '1357',
      newPinAgain: '1357',
      pin: TEST_OWNER_PIN,
    });
    await call('staff.update', { id: clerk.id, name: 'Casey C.', pin: TEST_OWNER_PIN });
    await call('staff.list');
    await callAs(CLERK, 'staff.signIn', { staffId: clerk.id, pin: '1357' });
    await callAs(CLERK, 'checkout.quote', { lines: [{ kind: 'product', productId: product.id, quantity: 2 }] });
    await callAs(CLERK, 'staff.signOut');

    // The day's payments: paid, declined, 3D Secure (asked, then completed), and one left waiting then canceled.
    const paid = await pay('4242424242424242', 2895);
    expect(paid.status).toBe('paid');
    expect((await pay('4000000000000002', 1899)).status).toBe('declined');
    const challenged = await pay('4000002500003155', 4250);
    expect(challenged.status).toBe('requires_action');
    cardFormSecrets.push(challenged.clientSecret!);
    expect(
      (await call<{ status: string }>('checkout.refresh', { orderId: challenged.orderId })).status,
      'asked again before the customer answered, the card form still needs the secret',
    ).toBe('requires_action');
    const intent = host.till.db
      .prepare('SELECT payment_intent_id FROM orders WHERE id = ?')
      .pluck()
      .get(challenged.orderId) as string;
    const completed = await fetch(`${sim.url}/_simulator/3ds/${intent}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.keys.secret}` },
    });
    expect(completed.status).toBe(200);
    expect((await call<{ status: string }>('checkout.refresh', { orderId: challenged.orderId })).status).toBe('paid');
    const abandoned = await pay('4000002500003155', 1500);
    expect(abandoned.status).toBe('requires_action');
    cardFormSecrets.push(abandoned.clientSecret!);
    await call('checkout.cancel', { orderId: abandoned.orderId });

    // A payment link, sent and taken back: its answer carries Stripe's page address, never a secret.
    await call('settings.update', { linkReturnUrl: 'https://walk-hardware.example/thanks', pin: TEST_OWNER_PIN });
    const linked = await call<{ orderId: string; status: string }>('checkout.sendLink', {
      checkoutId: randomUUID(),
      cart: { lines: [{ kind: 'custom', description: 'Hard hat', unitPrice: 2500, taxClass: 'standard' }] },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
      note: '',
    });
    expect(linked.status).toBe('open');
    await call('checkout.link', { orderId: linked.orderId });
    await call('checkout.closeLink', { orderId: linked.orderId });

    // A refund, after Stripe's events for the day have come in (the Events API, in the background).
    await call('orders.refund', {
      orderId: paid.orderId,
      amount: 500,
      reason: 'requested_by_customer',
      note: 'scuffed',
      pin: TEST_OWNER_PIN,
    });
    await call('orders.sendReceipt', { orderId: paid.orderId, email: 'pat@example.com' });
    // A payment the cardholder's bank disputes, and its evidence as a PDF once the dispute's events are in.
    const disputed = await pay('4000000000000259', 3100);
    sim.admin.runPendingJobs();
    await waitFor(
      () => host.till.db.prepare('SELECT dispute_status FROM orders WHERE id = ?').pluck().get(disputed.orderId),
      'the dispute to come in',
      { timeoutMs: 20_000 },
    );
    const evidence = await call<{ pdfBase64: string }>('orders.disputeEvidence', { orderId: disputed.orderId });
    evidenceText = await pdfText(Buffer.from(evidence.pdfBase64, 'base64'));
    await waitFor(
      () => host.till.db.prepare('SELECT count(*) FROM stripe_events').pluck().get() as number,
      'Stripe events to come in',
    );

    // The history, the receipts, the exports, the backup, the audit window.
    await call('window.openHistory');
    await call('orders.list', {});
    await call('orders.totals', {});
    for (const orderId of [paid.orderId, challenged.orderId, abandoned.orderId]) {
      await call('orders.get', { orderId });
    }
    await call('receipt.savePdf', { orderId: paid.orderId });
    const ordersFile = await call<{ path: string }>('orders.exportCsv', {});
    const linesFile = await call<{ path: string }>('orders.exportLines', { exportId: randomUUID() });
    exportedText = [ordersFile.path, linesFile.path].map((path) => readFileSync(path, 'utf8')).join('\n');
    // Nothing is running by now: the answer says so.
    await call('orders.cancelExport', { exportId: randomUUID() });
    await call('database.backup');
    // The automatic backups: the folder, the settings, one now, the list.
    await call('backup.chooseFolder', { pin: TEST_OWNER_PIN });
    await call('backup.update', { keep: 3, pin: TEST_OWNER_PIN });
    await call('backup.now');
    const backups = await call<{ backups: { name: string }[] }>('backup.status');
    await call('audit.list', {});
    await call('audit.exportCsv', {});
    // The end of day: the day's figures (and Stripe's side), its CSV, and closing it.
    const today = localDay(Date.now());
    await call('endOfDay.get', { day: today });
    await call('endOfDay.exportCsv', { day: today });
    await call('endOfDay.close', { day: today, pin: TEST_OWNER_PIN });

    // Till restarts on the newest backup (its log is set aside beside it, and is walked too).
    await call('backup.restore', { name: backups.backups[0]!.name, pin: TEST_OWNER_PIN });

    // Back to training: the keys are removed last, since that closes the test log.
    await call('keys.remove', { pin: TEST_OWNER_PIN });
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    await sim?.close();
    root.cleanup();
  });

  it('called every channel of the contract, each answering', () => {
    const answered = new Set(answers.filter((answer) => answer.result.ok).map((answer) => answer.channel));
    expect(CHANNELS.filter((channel) => !answered.has(channel))).toEqual([]);
  });

  it('finds no secret key, restricted key, webhook secret, client secret, PIN or card number in any answer', () => {
    expect(sim.keys.secret).toMatch(/^sk_test_/);
    expect(sim.keys.restricted).toMatch(/^rk_test_/);
    expect(sim.keys.publishable).toMatch(/^pk_test_/);
    expect(secretsIn(answers, known)).toEqual([]);
  });

  it('finds none in the exported orders and lines files either, which hold the orders of the walk', () => {
    expect(exportedText).toContain('Pat Caller');
    expect(findLeaks(exportedText, known)).toEqual([]);
    for (const secret of cardFormSecrets) expect(exportedText).not.toContain(secret);
  });

  it('finds none in the dispute evidence PDF either, which names the PaymentIntent and the card by its last 4', () => {
    expect(evidenceText).toContain('Visa ending 0259');
    expect(findLeaks(evidenceText, known)).toEqual([]);
    for (const secret of cardFormSecrets) expect(evidenceText).not.toContain(secret);
  });

  it('gives the card form its client secret only in a requires_action answer, and nowhere else', () => {
    expect(cardFormSecrets).toHaveLength(2);
    for (const secret of cardFormSecrets) expect(secret).toMatch(new RegExp(`^${CLIENT_SECRET.source}$`));
    for (const answer of answers) {
      const text = JSON.stringify(answer.result);
      const secrets = text.match(CLIENT_SECRET) ?? [];
      if (carriesCardFormSecret(answer)) {
        const { clientSecret } = (answer.result as { value: { clientSecret: string } }).value;
        expect(cardFormSecrets).toContain(clientSecret);
        // In its one field, once: not in the message, the receipt or anywhere else in the answer.
        expect(secrets).toEqual([clientSecret]);
      } else {
        expect(secrets, `${answer.channel} answered with a client secret`).toEqual([]);
        for (const secret of cardFormSecrets) expect(text).not.toContain(secret.split('_secret_')[1]);
      }
    }
    // The places the secret's order shows up later: its detail and timeline, the audit log, the exports.
    const later = answers.filter((answer) =>
      ['orders.get', 'orders.list', 'audit.list', 'audit.exportCsv', 'orders.exportCsv'].includes(answer.channel),
    );
    expect(later.length).toBeGreaterThanOrEqual(7);
    const detail = answers.find(
      (answer) =>
        answer.channel === 'orders.get' &&
        answer.result.ok &&
        (answer.result.value as { timeline: { source: string }[] }).timeline.some((e) => e.source === 'stripe'),
    );
    expect(detail, 'an order detail with Stripe’s events in its timeline').toBeDefined();
  });

  it('the walk finds a secret when one is there', () => {
    const planted = (value: object): Answer => ({ channel: 'app.info', result: { ok: true, value } });
    const leaks = secretsIn(
      [
        planted({ dataDir: '/home/shop', note: 'sk_test_51Plantedkey0123456789' }),
        planted({ accountName: `rk_live_${'a'.repeat(24)}` }),
        planted({ message: 'whsec_0123456789abcdef' }),
        { channel: 'orders.get', result: { ok: true, value: { detail: `${cardFormSecrets[0]}` } } },
        // The documented field, but not in a requires_action answer: found.
        { channel: 'checkout.pay', result: { ok: true, value: { status: 'paid', clientSecret: cardFormSecrets[0] } } },
      ],
      known,
    );
    expect(leaks.map((leak) => `${leak.channel}: ${leak.kind}`)).toEqual([
      'app.info: secret key',
      'app.info: secret key',
      'app.info: webhook secret',
      'orders.get: client secret',
      'checkout.pay: client secret',
    ]);
  });
});
