/**
 * While the lock screen shows, the page's keyboard shortcuts (F9 pays, F2 searches, the barcode scanner listening for
 * a burst of digits) must not act behind it: a PIN typed quickly must not be read as a scan, and Enter or F9 must not
 * pay. Those shortcuts listen on the window, which `inert` does not stop, so this listener comes first — it is added
 * when this module loads, before any page mounts — and stops every key there. The key's own default action still
 * happens: the PIN field still takes the digit, and Enter still submits the lock screen's form.
 */
let held = false;

window.addEventListener(
  'keydown',
  (event) => {
    if (held) event.stopImmediatePropagation();
  },
  true,
);

export function holdPageKeys(hold: boolean): void {
  held = hold;
}
