/**
 * The 3D Secure challenge page (`next_action` points here) and the endpoints its buttons call. The button ids and
 * labels are Stripe's own test page's (`#test-source-authorize-3ds` "Complete authentication",
 * `#test-source-fail-3ds` "Fail authentication"), so browser tests written for Stripe work here too.
 * After the call the page redirects to `return_url` (redirect flow) or posts
 * `{type: 'stripe-sim-3ds-done', paymentIntent, outcome, status}` to its parent/opener (Stripe.js stand-in).
 */
import type { Engine } from '../engine';
import { Params } from '../api/params';
import { finishAuthentication } from '../resources/payment-flow';
import { checkClientSecret, getPaymentIntent, viewFor } from '../resources/payment-intents';
import type { Registrar } from '../routes/registrar';
import { escapeHtml, formatMoney, page, scriptJson } from './html';

export const THREE_DS_MESSAGE_TYPE = 'stripe-sim-3ds-done';

function challengePage(engine: Engine, piId: string, clientSecret: string, returnUrl: string | null): string {
  const pi = engine.store.paymentIntents.get(piId);
  if (!pi || pi.client_secret !== clientSecret) {
    return page(
      'Authentication',
      '<h1>Unknown payment</h1><p class="error">This authentication link is not valid.</p>',
    );
  }
  const config = {
    paymentIntent: pi.id,
    clientSecret,
    returnUrl,
    key: engine.keys.publishable,
    messageType: THREE_DS_MESSAGE_TYPE,
  };
  const pending = pi.status === 'requires_action';
  return page(
    '3D Secure test payment',
    `<h1>3D Secure 2 test page</h1>
<p class="muted">Simulated bank authentication for a payment to ${escapeHtml('Till (simulator)')}.</p>
<div class="amount">${escapeHtml(formatMoney(pi.amount, pi.currency))}</div>
${
  pending
    ? `<button id="test-source-authorize-3ds" class="primary" type="button">Complete authentication</button>
<button id="test-source-fail-3ds" class="secondary" type="button">Fail authentication</button>`
    : `<p class="muted">This payment does not need authentication (status: ${escapeHtml(pi.status)}).</p>`
}
<p id="result" class="muted" role="status"></p>
<script>
(function () {
  var cfg = ${scriptJson(config)};
  function done(outcome, status) {
    var msg = { type: cfg.messageType, paymentIntent: cfg.paymentIntent, outcome: outcome, status: status };
    if (cfg.returnUrl) {
      var url = new URL(cfg.returnUrl);
      url.searchParams.set('payment_intent', cfg.paymentIntent);
      url.searchParams.set('payment_intent_client_secret', cfg.clientSecret);
      var ok = status === 'succeeded' || status === 'requires_capture' || status === 'processing' || status === 'requires_confirmation';
      url.searchParams.set('redirect_status', ok ? 'succeeded' : 'failed');
      window.location.assign(url.toString());
      return;
    }
    if (window.parent && window.parent !== window) window.parent.postMessage(msg, '*');
    if (window.opener) window.opener.postMessage(msg, '*');
    document.getElementById('result').textContent = outcome === 'completed' ? 'Authentication complete.' : 'Authentication failed.';
  }
  function send(action) {
    var buttons = document.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    var body = 'client_secret=' + encodeURIComponent(cfg.clientSecret) + '&key=' + encodeURIComponent(cfg.key);
    fetch('/_simulator/3ds/' + encodeURIComponent(cfg.paymentIntent) + '/' + action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body
    }).then(function (r) { return r.json(); }).then(function (pi) {
      done(action === 'complete' ? 'completed' : 'failed', pi.status || (pi.error && pi.error.payment_intent && pi.error.payment_intent.status) || 'unknown');
    }).catch(function () {
      document.getElementById('result').textContent = 'The simulator could not be reached.';
    });
  }
  var a = document.getElementById('test-source-authorize-3ds');
  var f = document.getElementById('test-source-fail-3ds');
  if (a) a.addEventListener('click', function () { send('complete'); });
  if (f) f.addEventListener('click', function () { send('fail'); });
})();
</script>`,
  );
}

export function registerThreeDS({ engine, app, route }: Registrar): void {
  app.get('/3ds/challenge/:pi', async (request, reply) => {
    const { pi } = request.params as { pi: string };
    const query = request.query as Record<string, unknown>;
    const secret = typeof query.client_secret === 'string' ? query.client_secret : '';
    const returnUrl =
      typeof query.return_url === 'string' && /^https?:\/\//.test(query.return_url) ? query.return_url : null;
    return reply.type('text/html; charset=utf-8').send(challengePage(engine, pi, secret, returnUrl));
  });

  for (const action of ['complete', 'fail'] as const) {
    route({
      method: 'POST',
      url: `/_simulator/3ds/:pi/${action}`,
      access: 'publishable',
      idempotent: false,
      handler: ({ params, path, auth }) => {
        const p = new Params(params);
        const pi = getPaymentIntent(engine, path.pi!);
        if (auth?.kind === 'publishable' || p.has('client_secret')) checkClientSecret(pi, p.string('client_secret'));
        return viewFor(finishAuthentication(engine, pi, action === 'complete', auth), auth);
      },
    });
  }
}
