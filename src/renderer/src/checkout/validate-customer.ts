import { CustomerInput, NoteInput } from '#shared/customer-input';
import type { CustomerDraft, FieldErrors } from './customer-draft';

/** The checks main makes on the caller's details, made before a card is tried so the clerk sees them at once. */
export function validateCustomer(draft: CustomerDraft): FieldErrors {
  const errors: FieldErrors = {};
  const customer = CustomerInput.safeParse({ name: draft.name, phone: draft.phone, email: draft.email });
  if (!customer.success) {
    for (const issue of customer.error.issues) {
      const field = issue.path[0] as keyof CustomerDraft;
      errors[field] ??= issue.message;
    }
  }
  const note = NoteInput.safeParse(draft.note);
  if (!note.success) errors.note = note.error.issues[0]?.message;
  return errors;
}
