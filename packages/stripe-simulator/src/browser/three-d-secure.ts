/**
 * The 3D Secure modal: the simulator's challenge page (its "Complete authentication" / "Fail authentication" test
 * page, like Stripe's) in an iframe over the host page. A `<dialog>` opened with showModal() sits in the top layer,
 * so it also covers a host's own modal dialogs (a known problem with Stripe's z-index overlay).
 *
 * The page reports its outcome with postMessage `{type: 'stripe-sim-3ds-done', …}`; it is accepted only from the
 * challenge iframe's window and the simulator's origin, and only as a signal: the caller re-reads the
 * PaymentIntent from the API for the actual outcome.
 */

export type ChallengeOutcome = 'done' | 'canceled';

const Z_TOP = '2147483647';

export function runChallenge(url: string, simulatorOrigin: string): Promise<ChallengeOutcome> {
  return new Promise((resolve) => {
    const supportsDialog = typeof HTMLDialogElement === 'function';
    const overlay: HTMLElement = document.createElement(supportsDialog ? 'dialog' : 'div');
    overlay.setAttribute('aria-label', '3D Secure authentication');
    overlay.setAttribute('data-stripe-simulator', '3ds-modal');
    if (!supportsDialog) overlay.setAttribute('role', 'dialog');
    Object.assign(overlay.style, {
      position: 'fixed',
      inset: '0',
      width: '100vw',
      height: '100vh',
      maxWidth: 'none',
      maxHeight: 'none',
      margin: '0',
      padding: '0',
      border: '0',
      background: 'rgba(10, 15, 30, 0.55)',
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      zIndex: Z_TOP,
      colorScheme: 'light',
    } satisfies Partial<CSSStyleDeclaration>);

    const box = document.createElement('div');
    Object.assign(box.style, {
      position: 'relative',
      width: 'min(500px, calc(100vw - 32px))',
      height: 'min(600px, calc(100vh - 32px))',
      background: '#fff',
      borderRadius: '8px',
      boxShadow: '0 12px 40px rgba(0, 0, 0, 0.35)',
      overflow: 'hidden',
      display: 'flex',
      flexDirection: 'column',
    } satisfies Partial<CSSStyleDeclaration>);

    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Cancel authentication');
    close.title = 'Cancel authentication';
    Object.assign(close.style, {
      position: 'absolute',
      top: '6px',
      right: '8px',
      width: '32px',
      height: '32px',
      border: '0',
      borderRadius: '16px',
      background: 'transparent',
      color: '#4f566b',
      font: '24px/32px system-ui, sans-serif',
      cursor: 'pointer',
      zIndex: '1',
    } satisfies Partial<CSSStyleDeclaration>);

    const frame = document.createElement('iframe');
    frame.src = url;
    frame.title = '3D Secure challenge';
    frame.name = 'stripe-simulator-3ds-challenge';
    // showModal() focuses the challenge, not the close button (an Enter meant for the till must not cancel it).
    frame.autofocus = true;
    Object.assign(frame.style, {
      flex: '1',
      width: '100%',
      border: '0',
      display: 'block',
    } satisfies Partial<CSSStyleDeclaration>);

    box.append(close, frame);
    overlay.append(box);

    let settled = false;
    const finish = (outcome: ChallengeOutcome): void => {
      if (settled) return;
      settled = true;
      window.removeEventListener('message', onMessage);
      if (overlay instanceof HTMLDialogElement && overlay.open) overlay.close();
      overlay.remove();
      resolve(outcome);
    };
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== frame.contentWindow || event.origin !== simulatorOrigin) return;
      const data = event.data as { type?: unknown } | null;
      if (data && typeof data === 'object' && data.type === 'stripe-sim-3ds-done') finish('done');
    };
    window.addEventListener('message', onMessage);
    close.addEventListener('click', () => finish('canceled'));
    overlay.addEventListener('cancel', (event) => {
      // Escape: treat as abandoning the authentication, as closing Stripe's modal does.
      event.preventDefault();
      finish('canceled');
    });

    document.body.append(overlay);
    if (overlay instanceof HTMLDialogElement) overlay.showModal();
  });
}
