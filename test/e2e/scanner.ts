import type { Page } from '@playwright/test';

/**
 * Scans a barcode as a keyboard-wedge scanner does: its digits then Enter, 8 ms apart by the keyboard's own clock.
 * The keys go through Chrome's input pipeline (DevTools' Input.dispatchKeyEvent, as page.keyboard does) but carry
 * their time stamps, because on a busy test machine page.keyboard's keys arrive 30–180 ms apart (measured on the
 * shared CI box), slower than a person types: the test would be about the machine, not about Till.
 */
export async function scanBarcode(page: Page, barcode: string, gapMs = 8) {
  const cdp = await page.context().newCDPSession(page);
  let at = Date.now() / 1000;
  const press = async (key: string, code: string, keyCode: number, text: string) => {
    at += gapMs / 1000;
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key,
      code,
      text,
      windowsVirtualKeyCode: keyCode,
      timestamp: at,
    });
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyUp',
      key,
      code,
      windowsVirtualKeyCode: keyCode,
      timestamp: at + 0.002,
    });
  };
  for (const digit of barcode) await press(digit, `Digit${digit}`, digit.charCodeAt(0), digit);
  await press('Enter', 'Enter', 13, '\r');
  await cdp.detach();
}
