/**
 * The dispute evidence as a PDF, from facts already gathered (dispute-evidence.ts): one page or a few, in words a
 * card network's reviewer reads without knowing Till. pdfkit writes it with the PDF's built-in Helvetica, so no
 * font file ships with Till; those fonts cover Latin text (WinAnsi), which is what the rest of a receipt prints.
 */
import PDFDocument from 'pdfkit';
import { cardBrandName } from '#shared/card-brand';
import type { Quote, TimelineEntry } from '#shared/contract';
import { localDateTime } from '#shared/local-day';
import { formatMoney } from '#shared/money';

/** A card check as Stripe reports it on the charge: `pass`, `fail`, `unavailable`, `unchecked`, or null. */
type Check = string | null;

export interface DisputeEvidenceFacts {
  shop: { name: string; address: string; phone: string };
  /** When the PDF was made, and the shop PC's time zone that every time in it is on. */
  preparedAt: number;
  timeZone: string;
  order: {
    number: number;
    createdAt: number;
    staffName: string | null;
    currency: string;
    lines: Quote['lines'];
    subtotal: number;
    taxes: Quote['taxes'];
    total: number;
    note: string;
  };
  customer: { name: string; phone: string; email: string | null };
  payment: {
    paymentIntentId: string;
    cardBrand: string | null;
    cardLast4: string | null;
    amount: number;
    currency: string;
    paidAt: number | null;
  };
  checks: { cvc: Check; postalCode: Check; addressLine1: Check };
  /** Radar's outcome on the charge; null when Stripe gave none. */
  outcome: {
    networkStatus: string | null;
    riskLevel: string | null;
    sellerMessage: string | null;
    type: string;
  } | null;
  dispute: { reason: string; amount: number; currency: string; status: string; respondBy: number | null };
  timeline: readonly TimelineEntry[];
}

const CHECK_WORDS: Record<string, string> = {
  pass: 'Passed',
  fail: 'FAILED',
  unavailable: "Unavailable (the card's bank could not check it)",
  unchecked: 'Not checked by the bank',
};
/** Null is Stripe's "nothing was sent to check" (no postal code typed, say). */
const checkWords = (check: Check) => (check === null ? 'Not provided' : (CHECK_WORDS[check] ?? check));
const words = (code: string) => code.replaceAll('_', ' ');
const when = (ms: number) => localDateTime(ms);

const MARGIN = 50;
const GAP = 4;

export function disputeEvidencePdf(facts: DisputeEvidenceFacts): Promise<Uint8Array> {
  const { order, payment, dispute } = facts;
  const money = (minor: number) => formatMoney(minor, order.currency);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Dispute evidence, order #${order.number}`, Author: facts.shop.name, Creator: 'Till' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  /** A new page when the next `height` points would not fit. */
  const room = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    room(60);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text, MARGIN, doc.y, { width });
    doc.moveDown(0.3).font('Helvetica').fontSize(10);
  };
  /** "Label: value" rows with the labels in a column of their own. */
  const field = (label: string, value: string) => {
    const labelWidth = 150;
    const height = Math.max(doc.heightOfString(value, { width: width - labelWidth }), 12);
    room(height + GAP);
    const y = doc.y;
    doc.font('Helvetica-Bold').text(label, MARGIN, y, { width: labelWidth - 8 });
    doc.font('Helvetica').text(value, MARGIN + labelWidth, y, { width: width - labelWidth });
    doc.y = Math.max(doc.y, y + height) + GAP;
  };

  doc.font('Helvetica-Bold').fontSize(16).text(`Dispute evidence: order #${order.number}`, { width });
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text([facts.shop.name, facts.shop.address, facts.shop.phone].filter(Boolean).join('\n'), { width });
  doc.moveDown(0.3).fillColor('#555555');
  doc.text(
    `Prepared ${when(facts.preparedAt)}. Every time in this document is on the shop's clock (${facts.timeZone}).`,
    { width },
  );
  doc.fillColor('black');

  heading('The dispute');
  field('Reason', words(dispute.reason));
  field('Amount disputed', formatMoney(dispute.amount, dispute.currency));
  field('Status', words(dispute.status));
  if (dispute.respondBy !== null) field('Evidence due by', when(dispute.respondBy));

  heading('The order');
  field('Order', `#${order.number}`);
  field('Taken', when(order.createdAt));
  field('Taken by', order.staffName ?? 'Not recorded (an order from before staff accounts)');
  field('Customer', facts.customer.name);
  field('Phone', facts.customer.phone);
  field('E-mail', facts.customer.email || 'None given');
  field('Note', order.note || 'None');

  lineTable(doc, order, money, width, room);

  heading('The payment');
  field('Stripe PaymentIntent', payment.paymentIntentId);
  const brand = payment.cardBrand ? cardBrandName(payment.cardBrand) : 'Card';
  field('Card', payment.cardLast4 ? `${brand} ending ${payment.cardLast4}` : brand);
  field('Amount charged', formatMoney(payment.amount, payment.currency));
  field('Paid', payment.paidAt === null ? 'Not recorded' : when(payment.paidAt));

  heading('Card checks Stripe reported');
  field('CVC check', checkWords(facts.checks.cvc));
  field('Postal code check', checkWords(facts.checks.postalCode));
  field('Address line check', checkWords(facts.checks.addressLine1));

  heading("Stripe Radar's outcome");
  if (facts.outcome) {
    field('Network status', words(facts.outcome.networkStatus ?? 'not given'));
    field('Risk level', words(facts.outcome.riskLevel ?? 'not assessed'));
    field('Seller message', facts.outcome.sellerMessage ?? 'None');
    field('Type', words(facts.outcome.type));
  } else {
    doc.text('Stripe reported no outcome for this charge.', MARGIN, doc.y, { width });
  }

  heading("The order's timeline");
  for (const entry of facts.timeline) {
    const text = entry.detail ? `${entry.title}: ${entry.detail}` : entry.title;
    field(when(entry.at), text);
  }

  doc.end();
  return done;
}

/** The order's lines as a table (description, quantity, unit price, tax, line total), then the totals. */
function lineTable(
  doc: PDFKit.PDFDocument,
  order: DisputeEvidenceFacts['order'],
  money: (minor: number) => string,
  width: number,
  room: (height: number) => void,
) {
  const columns = [
    { title: 'Description', width: width - 4 * 80, align: 'left' as const },
    { title: 'Quantity', width: 80, align: 'right' as const },
    { title: 'Unit price', width: 80, align: 'right' as const },
    { title: 'Tax', width: 80, align: 'right' as const },
    { title: 'Line total', width: 80, align: 'right' as const },
  ];
  const row = (cells: string[], font: string) => {
    doc.font(font);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]!.width - 6 })));
    room(height + GAP);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      doc.text(cell, x, y, { width: column.width - 6, align: column.align });
      x += column.width;
    });
    doc.y = y + height + GAP;
  };
  doc.moveDown(0.5);
  row(
    columns.map((column) => column.title),
    'Helvetica-Bold',
  );
  doc
    .moveTo(MARGIN, doc.y - 2)
    .lineTo(MARGIN + width, doc.y - 2)
    .stroke();
  for (const line of order.lines) {
    row(
      [line.description, String(line.quantity), money(line.unitPrice), money(line.tax), money(line.total)],
      'Helvetica',
    );
  }
  doc
    .moveTo(MARGIN, doc.y - 2)
    .lineTo(MARGIN + width, doc.y - 2)
    .stroke();
  const total = (label: string, amount: number, font = 'Helvetica') => row([label, '', '', '', money(amount)], font);
  total('Subtotal', order.subtotal);
  for (const tax of order.taxes) total(`${tax.name} (${tax.rateBp / 100}%)`, tax.amount);
  total('Order total', order.total, 'Helvetica-Bold');
  doc.font('Helvetica');
}
