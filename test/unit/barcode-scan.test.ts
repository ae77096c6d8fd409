import { describe, expect, it } from 'vitest';
import { createScanDetector, type ScanStep } from '../../src/renderer/src/checkout/barcode-scan';

/** Types keys `gapMs` apart (a gap per key, or one for all) and returns what the detector made of the last one. */
function type(keys: string[], gapMs: number | number[], detector = createScanDetector()): ScanStep[] {
  let at = 1_000;
  return keys.map((key, index) => {
    at += Array.isArray(gapMs) ? gapMs[index]! : gapMs;
    return detector.key(key, at);
  });
}
const keysOf = (text: string) => [...text, 'Enter'];

describe('telling a barcode scanner from a person', () => {
  it('reads digits typed a few milliseconds apart, then Enter, as a scan', () => {
    const steps = type(keysOf('0627843512345'), 8);
    expect(steps.at(-1)).toEqual({ kind: 'scan', barcode: '0627843512345' });
    expect(steps[0]).toEqual({ kind: 'digit', startsBurst: true });
    expect(steps[1]).toEqual({ kind: 'digit', startsBurst: false });
  });

  it('leaves a person typing the same digits alone', () => {
    expect(type(keysOf('0627843512345'), 120).at(-1)).toEqual({ kind: 'other' });
  });

  it('needs six digits: a quick "42" and Enter is a person adding a quantity', () => {
    expect(type(keysOf('12345'), 5).at(-1)).toEqual({ kind: 'other' });
    expect(type(keysOf('123456'), 5).at(-1)).toEqual({ kind: 'scan', barcode: '123456' });
  });

  it('starts again after a pause: only the quick digits are the barcode', () => {
    // A person typed "9", paused, then the scanner sent its code.
    const steps = type(['9', ...keysOf('12345678')], [0, 400, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(steps[1]).toEqual({ kind: 'digit', startsBurst: true });
    expect(steps.at(-1)).toEqual({ kind: 'scan', barcode: '12345678' });
  });

  it('is not a scan when a letter or a slow Enter comes in between', () => {
    expect(type(keysOf('123a4567'), 5).at(-1)).toEqual({ kind: 'other' });
    expect(type(keysOf('1234567'), [5, 5, 5, 5, 5, 5, 5, 300]).at(-1)).toEqual({ kind: 'other' });
  });

  it('reads two scans in a row, each on its own', () => {
    const detector = createScanDetector();
    expect(type(keysOf('11111111'), 5, detector).at(-1)).toEqual({ kind: 'scan', barcode: '11111111' });
    expect(type(keysOf('22222222'), 5, detector).at(-1)).toEqual({ kind: 'scan', barcode: '22222222' });
  });
});
