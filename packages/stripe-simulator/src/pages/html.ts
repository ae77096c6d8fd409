/** Minimal HTML helpers for the simulator's own pages (3DS challenge, hosted checkout, receipts). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe to embed inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-CA', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f6f8fa; color: #1a1f36; }
  main { max-width: 420px; margin: 40px auto; background: #fff; border-radius: 8px; padding: 24px;
         box-shadow: 0 2px 8px rgba(0,0,0,.08); }
  h1 { font-size: 18px; margin: 0 0 8px; }
  .muted { color: #697386; font-size: 13px; }
  .amount { font-size: 28px; font-weight: 600; margin: 12px 0; }
  label { display: block; font-size: 13px; margin: 12px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 8px; font-size: 15px; border: 1px solid #c1c9d2; border-radius: 4px; }
  .row { display: flex; gap: 8px; } .row > div { flex: 1; }
  button { margin-top: 16px; width: 100%; padding: 10px; font-size: 15px; border: 0; border-radius: 4px; cursor: pointer; }
  .primary { background: #635bff; color: #fff; } .secondary { background: #e3e8ee; color: #1a1f36; }
  .error { color: #df1b41; margin-top: 12px; } .banner { background: #fff8e1; padding: 8px; font-size: 12px; border-radius: 4px; }
</style>
</head>
<body><main>
<p class="banner">Stripe simulator — test mode, no real money moves.</p>
${body}
</main></body>
</html>`;
}
