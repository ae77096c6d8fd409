/**
 * Till's windows share one sign-in (Electron: one session for the PC; the preview: one per browser, shared by its
 * tabs), so they tell each other what concerns it: someone is working (the history window left alone must not
 * auto-lock the till under a clerk typing in Checkout), the till was locked, someone signed in. Same-origin only.
 */
export type WindowMessage = { kind: 'activity' } | { kind: 'locked' } | { kind: 'signed-in' };

const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('till-staff');

export function tellOtherWindows(message: WindowMessage): void {
  channel?.postMessage(message);
}

/** Listens to the other windows; returns the function that stops listening. */
export function onOtherWindows(listener: (message: WindowMessage) => void): () => void {
  const onMessage = (event: MessageEvent<WindowMessage>) => listener(event.data);
  channel?.addEventListener('message', onMessage);
  return () => channel?.removeEventListener('message', onMessage);
}
