/**
 * The caller's details and the order's note, as main checks them on checkout.pay (and every channel that takes
 * them) and as the Checkout page checks them before a card is tried, so the clerk sees the same message at once.
 *
 * Kept out of contract.ts and built with zod/mini (as free-text.ts is) so that the Checkout page's JavaScript holds
 * these few checks and not all of zod and every schema of the contract; contract.ts re-exports them.
 */
import * as z from 'zod/mini';
import { freeText } from './free-text';

/** A phone number as people type it (the caller's, the shop's): digits and the usual punctuation, at least 7 digits. */
export const phoneText = (required: string) =>
  freeText({ required, max: 30, tooLong: 'Keep the phone number under 30 characters' }).check(
    z.regex(/^\+?[0-9 ().-]*$/, 'Use only digits, spaces and + ( ) - .'),
    z.refine((phone: string) => phone.replace(/\D/g, '').length >= 7, 'A phone number has at least 7 digits'),
  );

export const CustomerInput = z.strictObject({
  name: freeText({ required: "Enter the customer's name", max: 100, tooLong: 'Keep the name under 100 characters' }),
  phone: phoneText('Enter a phone number to call back'),
  /** Optional; Stripe emails the receipt here. */
  email: z.optional(
    z.union([z.literal(''), z.email('Enter a valid email address, or leave it empty').check(z.maxLength(254))]),
  ),
});
export type CustomerInput = z.infer<typeof CustomerInput>;

export const NoteInput = freeText({ max: 200, tooLong: 'Keep the note under 200 characters' });
