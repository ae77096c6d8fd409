/**
 * The set-up form's state and how it becomes set-up's input. Main checks everything (the contract's SetupInput);
 * the page only turns what was typed into that shape, and a rate typed as "7.25" into basis points.
 */
import type { SetupInput, TaxClass } from '#shared/contract';
import { TAX_PRESETS, type TaxPreset } from '#shared/tax-presets';

export interface TaxRowDraft {
  taxClass: TaxClass;
  name: string;
  /** As typed: "7" or "7.25" (percent). */
  rate: string;
}

export interface SetupDraft {
  start: 'own' | 'demo';
  shopName: string;
  address: string;
  phone: string;
  taxNumbers: { label: string; number: string }[];
  currency: string;
  preset: TaxPreset;
  taxes: TaxRowDraft[];
  ownerName: string;
  pin: string;
  pinAgain: string;
}

export const presetRows = (preset: TaxPreset): TaxRowDraft[] =>
  TAX_PRESETS[preset].rows.map((row) => ({ taxClass: row.taxClass, name: row.name, rate: String(row.rateBp / 100) }));

export const emptyDraft = (): SetupDraft => ({
  start: 'own',
  shopName: '',
  address: '',
  phone: '',
  taxNumbers: [{ label: 'GST/HST', number: '' }],
  currency: 'CAD',
  preset: 'bc',
  taxes: presetRows('bc'),
  ownerName: '',
  pin: '',
  pinAgain: '',
});

/** "7.25" → 725; anything else than a percentage with at most two decimals → null. */
export function rateToBp(rate: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(rate);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Field → message: what the page can tell before asking main (a rate that is not a number). */
export function localErrors(draft: SetupDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.start === 'own') {
    draft.taxes.forEach((row, index) => {
      if (rateToBp(row.rate) === null) errors[`taxes.${index}.rateBp`] = 'Enter the rate as a percentage: 7 or 7.25';
    });
  }
  return errors;
}

export function toSetupInput(draft: SetupDraft): SetupInput {
  const owner = { name: draft.ownerName, pin: draft.pin, pinAgain: draft.pinAgain };
  if (draft.start === 'demo') return { start: 'demo', owner };
  return {
    start: 'own',
    shop: {
      name: draft.shopName,
      address: draft.address,
      phone: draft.phone,
      // A row left empty is not a number the shop has.
      taxNumbers: draft.taxNumbers.filter((tax) => tax.number.trim() !== ''),
      currency: draft.currency,
    },
    taxes: draft.taxes.map((row) => ({ taxClass: row.taxClass, name: row.name, rateBp: rateToBp(row.rate) ?? 0 })),
    owner,
  };
}
