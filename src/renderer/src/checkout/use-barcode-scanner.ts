import { useEffect, useRef } from 'react';
import { createScanDetector } from './barcode-scan';

type TextInput = HTMLInputElement | HTMLTextAreaElement;
const isTextInput = (element: Element | null): element is TextInput =>
  element instanceof HTMLTextAreaElement || (element instanceof HTMLInputElement && element.type !== 'checkbox');

/**
 * Puts back what a field held before the scanner typed into it, the way React hears it: through the element's own
 * value setter and an input event (React's onChange would miss a plain `.value =`).
 */
function restoreText(field: TextInput, text: string) {
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, text);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Hears a keyboard-wedge barcode scanner wherever the focus is on the page (barcode-scan.ts tells it from a person).
 * The scanner's Enter goes no further, and the digits it typed into a field (the search, a customer's name) are taken
 * out again, so the clerk's typing is left as it was. The card form is a cross-origin iframe: its keys never reach
 * this page, so a card number is never read as a barcode.
 */
export function useBarcodeScanner(onScan: (barcode: string) => void) {
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  });
  useEffect(() => {
    const detector = createScanDetector();
    let before: { field: TextInput; text: string } | null = null;
    const onKeyDown = (event: KeyboardEvent) => {
      const step = detector.key(
        event.ctrlKey || event.altKey || event.metaKey ? 'Modifier' : event.key,
        event.timeStamp,
      );
      if (step.kind === 'digit' && step.startsBurst) {
        const focused = document.activeElement;
        before = isTextInput(focused) ? { field: focused, text: focused.value } : null;
      } else if (step.kind === 'scan') {
        event.preventDefault();
        event.stopPropagation();
        if (before && before.field === document.activeElement) restoreText(before.field, before.text);
        before = null;
        latest.current(step.barcode);
      }
    };
    // Capture: the page sees the scanner's Enter before the focused field would act on it (add, submit).
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
