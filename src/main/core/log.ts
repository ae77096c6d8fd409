import pino, { type Logger } from 'pino';

/**
 * Secrets that must never reach a log file: Stripe secret and restricted keys, webhook signing secrets, and
 * PaymentIntent client secrets (which let their holder confirm the payment).
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(sk|rk)_(test|live)_[A-Za-z0-9]+/g, '$1_$2_[redacted]'],
  [/\bwhsec_[A-Za-z0-9]+/g, 'whsec_[redacted]'],
  [/\b(pi|seti)_([A-Za-z0-9]+)_secret_[A-Za-z0-9]+/g, '$1_$2_secret_[redacted]'],
];

export function redactSecrets<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') {
    return SECRET_PATTERNS.reduce<string>(
      (text, [pattern, replacement]) => text.replace(pattern, replacement),
      value,
    ) as T;
  }
  if (value instanceof Error) {
    return { type: value.name, message: redactSecrets(value.message), stack: redactSecrets(value.stack) } as T;
  }
  if (value && typeof value === 'object') {
    if (seen.has(value)) return '[circular]' as T;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen)) as T;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactSecrets(item, seen)])) as T;
  }
  return value;
}

export type { Logger };

export function createLogger(options: { level?: string; file?: string } = {}): Logger {
  const destination = options.file ? pino.destination({ dest: options.file, mkdir: true, sync: false }) : undefined;
  return pino(
    {
      level: options.level ?? process.env.TILL_LOG_LEVEL ?? 'info',
      base: undefined,
      hooks: {
        // Every argument of every log call is scrubbed, whatever shape it has.
        logMethod(args, method) {
          return method.apply(this, args.map((arg) => redactSecrets(arg)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
