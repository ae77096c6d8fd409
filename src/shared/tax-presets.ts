/**
 * Starting points for the set-up screen's tax table. Till's three tax classes are fixed (products name one); what
 * each class charges is the shop's. A preset only fills the table: the owner can change every row before saving.
 */
import type { TaxClass } from './contract';

export interface TaxRow {
  taxClass: TaxClass;
  /** As printed on a receipt: "GST". */
  name: string;
  /** Basis points: 500 is 5%. */
  rateBp: number;
}

export const TAX_CLASS_LABELS: Record<TaxClass, string> = {
  standard: 'Standard',
  gst_only: 'Reduced',
  zero_rated: 'Zero-rated',
};

export const TAX_PRESETS = {
  bc: {
    label: 'British Columbia: GST 5% + PST 7%',
    rows: [
      { taxClass: 'standard', name: 'GST', rateBp: 500 },
      { taxClass: 'standard', name: 'PST', rateBp: 700 },
      { taxClass: 'gst_only', name: 'GST', rateBp: 500 },
    ],
  },
  gst: {
    label: 'GST only 5% (Alberta, the territories)',
    rows: [
      { taxClass: 'standard', name: 'GST', rateBp: 500 },
      { taxClass: 'gst_only', name: 'GST', rateBp: 500 },
    ],
  },
  on: {
    label: 'Ontario: HST 13%',
    rows: [
      { taxClass: 'standard', name: 'HST', rateBp: 1300 },
      // Ontario's point-of-sale rebate leaves only the federal part (5%) on some goods.
      { taxClass: 'gst_only', name: 'HST', rateBp: 500 },
    ],
  },
  custom: { label: 'Custom: I will enter my own', rows: [] },
} satisfies Record<string, { label: string; rows: TaxRow[] }>;
export type TaxPreset = keyof typeof TAX_PRESETS;
