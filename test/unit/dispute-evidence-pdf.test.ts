import { describe, expect, it } from 'vitest';
import { disputeEvidencePdf, type DisputeEvidenceFacts } from '#core/orders/dispute-evidence-pdf';
import { pdfText } from '../support/pdf-text';

const at = new Date(2026, 10, 3, 14, 5).getTime();
const facts: DisputeEvidenceFacts = {
  shop: { name: 'Thompson Safety Supply', address: '1 Main St\nKamloops, BC', phone: '250 555 0100' },
  preparedAt: at,
  timeZone: 'America/Vancouver',
  order: {
    number: 1042,
    createdAt: at,
    staffName: 'Renée Manager',
    currency: 'CAD',
    lines: [
      {
        productId: null,
        sku: null,
        description: 'Hi-vis vest',
        quantity: 3,
        unitPrice: 1999,
        taxClass: 'standard',
        subtotal: 5997,
        tax: 720,
        total: 6717,
      },
    ],
    subtotal: 5997,
    taxes: [
      { name: 'GST', rateBp: 500, amount: 300 },
      { name: 'PST', rateBp: 700, amount: 420 },
    ],
    total: 6717,
    note: '',
  },
  customer: { name: 'Zoë Caller', phone: '250 555 0101', email: null },
  payment: {
    paymentIntentId: 'pi_test_1',
    cardBrand: 'mastercard',
    cardLast4: '4444',
    amount: 6717,
    currency: 'CAD',
    paidAt: at,
  },
  checks: { cvc: 'fail', postalCode: 'unavailable', addressLine1: 'unchecked' },
  outcome: null,
  dispute: { reason: 'fraudulent', amount: 6717, currency: 'CAD', status: 'needs_response', respondBy: null },
  timeline: Array.from({ length: 80 }, (_, i) => ({
    at: at + i * 60_000,
    source: 'stripe' as const,
    title: `Stripe: event ${i + 1}`,
    detail: null,
  })),
};

describe('the dispute evidence PDF', () => {
  it('says in words what Stripe reported, accented names included, over as many pages as the timeline needs', async () => {
    const text = await pdfText(await disputeEvidencePdf(facts));
    expect(text).toMatch(/CVC check\s+FAILED/);
    expect(text).toMatch(/Postal code check\s+Unavailable \(the card's bank could not check it\)/);
    expect(text).toMatch(/Address line check\s+Not checked by the bank/);
    expect(text).toContain('Stripe reported no outcome for this charge.');
    expect(text).toMatch(/Card\s+Mastercard ending 4444/);
    expect(text).toMatch(/Taken\s+2026-11-03 14:05/);
    expect(text).toMatch(/Taken by\s+Renée Manager/);
    expect(text).toContain('Zoë Caller');
    expect(text).toMatch(/E-mail\s+None given/);
    expect(text).toMatch(/Hi-vis vest\s+3\s+\$19\.99\s+\$7\.20\s+\$67\.17/);
    expect(text).toMatch(/GST \(5%\)\s+\$3\.00/);
    expect(text).toMatch(/PST \(7%\)\s+\$4\.20/);
    expect(text).toContain("on the shop's clock (America/Vancouver)");
    expect(text).not.toContain('Evidence due by');
    // Every entry of a long timeline is there, none cut off at a page's foot.
    for (let i = 1; i <= 80; i++) expect(text).toContain(`Stripe: event ${i} `);
    expect(text.split('\f').length).toBeGreaterThan(1);
  });
});
