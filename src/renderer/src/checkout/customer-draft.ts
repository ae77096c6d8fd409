/** The caller's details as the clerk types them (plain .ts, so the checkout machine's tests need no JSX). */
export interface CustomerDraft {
  name: string;
  phone: string;
  email: string;
  note: string;
}

export type FieldErrors = Partial<Record<keyof CustomerDraft, string>>;
