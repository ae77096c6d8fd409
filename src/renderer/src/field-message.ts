import type { TillError } from '#shared/result';

/**
 * What to show next to the field main named: the field's own message when main checked the input ("The owner PIN
 * is 4 to 8 digits"), rather than the whole sentence written for logs ('Invalid input for …: field "pin": …').
 */
export function fieldMessage(error: TillError): string {
  return error.issues?.find((issue) => issue.field === error.field)?.message ?? error.message;
}
