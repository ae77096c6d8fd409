import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisputeEvidenceFile, OrderDetail, PaymentOutcome } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { createStripeClient } from '#core/payments/stripe-client';
import type { CallerRequest } from '#core/ipc/caller';
import { createConfirmationToken } from '../support/confirmation-token';
import { pdfText } from '../support/pdf-text';
import { startTill, type TestTill } from '../support/till';

/** One click in the history gives the owner a disputed order's evidence as a PDF to upload to Stripe. */
describe('dispute evidence', () => {
  let core: TestTill;
  let manager: CallerRequest;
  beforeEach(async () => {
    core = await startTill({ training: true });
    const added = await core.addStaff('Morgan Manager', 'manager', '1357');
    manager = await core.signIn(added.id, '1357');
  });
  afterEach(() => core.stop());

  /** A manager takes a phone order, paid with `card`, the postal code typed in the card form. */
  async function takeOrder(card: string, checkoutId: string) {
    const sim = core.training!.simulator;
    const paid = await core.callAs<PaymentOutcome>(manager, 'checkout.pay', {
      checkoutId,
      cart: {
        lines: [
          { kind: 'product', productId: core.productId('BT-510'), quantity: 2 },
          { kind: 'custom', description: 'Rush delivery to site', unitPrice: 1500, taxClass: 'standard' },
        ],
      },
      customer: { name: 'Pat Caller', phone: '250 555 0101', email: 'pat@example.com' },
      note: 'Leave with the site foreman',
      confirmationTokenId: await createConfirmationToken(sim.url, sim.keys.publishable, card, 'V2C 1A1'),
    });
    if (!paid.ok) throw new Error(paid.error.message);
    expect(paid.value.status).toBe('paid');
    return paid.value.orderId;
  }

  /** Stripe's events as the Events API poller hands them to Till. */
  async function catchUpEvents() {
    const stripe = createStripeClient(core.training!.connection, 'test');
    const events = await stripe.events.list({ limit: 100 });
    core.till.events.ingest(events.data, 'events_api');
  }

  async function evidence(orderId: string, caller?: CallerRequest) {
    const result = caller
      ? await core.callAs<DisputeEvidenceFile>(caller, 'orders.disputeEvidence', { orderId })
      : await core.call<DisputeEvidenceFile>('orders.disputeEvidence', { orderId });
    return result;
  }

  it("puts the order, who took it, the customer, Stripe's card checks, Radar and the timeline in the PDF", async () => {
    // Stripe's test card that the cardholder's bank disputes as fraud once the charge has gone through.
    const orderId = await takeOrder('4000000000000259', '0190b6a0-7c4d-7d4e-8f00-00000000d001');
    core.training!.simulator.admin.runPendingJobs();
    await catchUpEvents();
    const got = await core.call<OrderDetail>('orders.get', { orderId });
    if (!got.ok) throw new Error(got.error.message);
    const order = got.value;
    expect(order.status).toBe('disputed');

    const result = await evidence(orderId);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.path).toBeNull();
    expect(result.value.fileName).toBe(`Till-dispute-evidence-order-${order.number}.pdf`);
    const bytes = Buffer.from(result.value.pdfBase64!, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);

    expect(text).toContain(`Dispute evidence: order #${order.number}`);
    expect(text).toContain('Kamloops'); // the demo shop's address
    // The lines: description, quantity, unit price, tax, line total; then the order's total.
    const cells = (...values: string[]) => new RegExp(values.map((v) => v.replace(/[$.()]/g, '\\$&')).join('\\s+'));
    const money = (minor: number) => formatMoney(minor, order.currency);
    expect(order.lines).toHaveLength(2);
    for (const line of order.lines) {
      const { description, quantity, unitPrice, tax, total } = line;
      expect(text).toMatch(cells(description, String(quantity), money(unitPrice), money(tax), money(total)));
    }
    expect(text).toMatch(cells('Rush delivery to site', '1', '$15.00', '$1.80', '$16.80'));
    expect(text).toMatch(cells('Order total', money(order.total)));
    expect(text).toContain('Pat Caller');
    expect(text).toContain('250 555 0101');
    expect(text).toContain('pat@example.com');
    expect(text).toContain('Leave with the site foreman');
    expect(text).toMatch(/Taken by\s+Morgan Manager/);
    expect(text).toContain(order.paymentIntentId!);
    expect(text).toMatch(/Card\s+Visa ending 0259/);
    // The checks the bank ran on the CVC and the postal code typed, and none on an address line never sent.
    expect(text).toMatch(/CVC check\s+Passed/);
    expect(text).toMatch(/Postal code check\s+Passed/);
    expect(text).toMatch(/Address line check\s+Not provided/);
    expect(text).toMatch(/Network status\s+approved by network/);
    expect(text).toMatch(/Risk level\s+normal/);
    expect(text).toMatch(/Type\s+authorized/);
    expect(text).toMatch(/Reason\s+fraudulent/);
    expect(text).toMatch(/Status\s+needs response/);
    for (const entry of order.timeline) expect(text).toContain(entry.title);
    expect(text).toContain('Stripe: dispute opened');

    const audit = core.till.db
      .prepare("SELECT actor, details FROM audit_log WHERE action = 'dispute.evidence_saved' AND order_id = ?")
      .all(orderId);
    expect(audit).toEqual([{ actor: 'owner', details: '{}' }]);
  });

  it('refuses an order with no dispute, a clerk, and says so when Stripe cannot be reached', async () => {
    const orderId = await takeOrder('4242424242424242', '0190b6a0-7c4d-7d4e-8f00-00000000d003');
    expect(await evidence(orderId)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('is not disputed') },
    });

    const clerk = await core.addStaff('Casey Clerk', 'clerk', '8642');
    expect(await evidence(orderId, await core.signIn(clerk.id, '8642'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const disputed = await takeOrder('4000000000000259', '0190b6a0-7c4d-7d4e-8f00-00000000d004');
    core.training!.simulator.admin.runPendingJobs();
    await catchUpEvents();
    await core.training!.close();
    const refused = await evidence(disputed);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'stripe_unreachable', message: expect.stringContaining('Stripe could not be reached') },
    });
    expect(
      core.till.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'dispute.evidence_saved'").pluck().get(),
    ).toBe(0);
  });
});
