import type { ReceiptData } from '#shared/contract';

type Line = Pick<ReceiptData['lines'][number], 'quantity' | 'description'>;

/**
 * How an order's line reads wherever it is shown — the receipt, the order's detail in the history — so the owner
 * and the caller read the same words: "2 × Steel-toe work boots", or just the name for one. Its amount is shown
 * before tax (the line's subtotal) in both; the taxes follow as lines of their own.
 */
export const lineText = (line: Line) =>
  line.quantity > 1 ? `${line.quantity} × ${line.description}` : line.description;
