/**
 * Tells a keyboard-wedge barcode scanner from a person. A scanner "types" the barcode's digits and then Enter, a few
 * milliseconds apart; a person types far slower (100 ms or more between keys, even a fast typist). So: at least
 * `minLength` digits, each within `maxGapMs` of the one before, then Enter within `maxGapMs`, is a scan. Pure, so the
 * rule is tested on its own; use-barcode-scanner.ts feeds it the page's keys.
 */
export interface ScanRule {
  minLength: number;
  maxGapMs: number;
}

/** EAN-8 and UPC-E are the shortest barcodes on goods; 50 ms is well below any person and well above any scanner. */
export const WEDGE_SCANNER: ScanRule = { minLength: 6, maxGapMs: 50 };

export type ScanStep =
  /** A digit: `startsBurst` when it is the first of what may be a scan (the field's text before it is worth keeping). */
  | { kind: 'digit'; startsBurst: boolean }
  /** Enter that ends a scan: these digits were the scanner's, not a person's. */
  | { kind: 'scan'; barcode: string }
  | { kind: 'other' };

export function createScanDetector(rule: ScanRule = WEDGE_SCANNER) {
  let digits = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    /** One key as the page saw it (`KeyboardEvent.key`) and when (ms, any steady clock). */
    key(key: string, at: number): ScanStep {
      const quick = at - lastAt <= rule.maxGapMs;
      lastAt = at;
      if (/^\d$/.test(key)) {
        const startsBurst = !quick || digits === '';
        digits = startsBurst ? key : digits + key;
        return { kind: 'digit', startsBurst };
      }
      const barcode = digits;
      digits = '';
      if (key === 'Enter' && quick && barcode.length >= rule.minLength) return { kind: 'scan', barcode };
      return { kind: 'other' };
    },
  };
}
export type ScanDetector = ReturnType<typeof createScanDetector>;
