import { basename, dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';
import { makePrivateDir, PRIVATE_FILE_MODE, restrictToOwner } from './keys/private-file';
import { passesLuhn } from '#shared/free-text';

/**
 * Secrets that must never reach a log file: Stripe secret and restricted keys, webhook signing secrets, and
 * PaymentIntent client secrets (which let their holder confirm the payment).
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(sk|rk)_(test|live)_[A-Za-z0-9]+/g, '$1_$2_[redacted]'],
  [/\bwhsec_[A-Za-z0-9]+/g, 'whsec_[redacted]'],
  [/\b(pi|seti)_([A-Za-z0-9]+)_secret_[A-Za-z0-9]+/g, '$1_$2_secret_[redacted]'],
];

/**
 * Fields whose value is never logged, whatever it looks like: PINs (`pin`, `pinAgain`, `currentPin`, …), anything
 * named a secret or a password. A PIN is only digits, so no pattern could tell it from an amount.
 */
const PRIVATE_FIELD = /^(pin|pin[A-Z_]\w*|\w*Pin|\w*_pin)$|secret|Secret|password|Password/;

/** 13 to 19 digits, maybe grouped by spaces or dashes, as a card number is written. */
const DIGIT_RUN = /\b\d(?:[ -]?\d){12,18}\b/g;

/** Luhn-valid and starting as the card networks' numbers do (2–6): timestamps in milliseconds start with 1. */
export function isCardNumber(digits: string): boolean {
  return /^[2-6]\d{12,18}$/.test(digits) && passesLuhn(digits);
}

/**
 * Till never handles card numbers (Stripe's card form does), but people type where they should not: a card number
 * in a note, in a name, in a message that ends up in an error.
 */
const redactCardNumbers = (text: string) =>
  text.replace(DIGIT_RUN, (run) => (isCardNumber(run.replace(/[ -]/g, '')) ? '[card number]' : run));

export function redactSecrets<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') {
    return redactCardNumbers(
      SECRET_PATTERNS.reduce<string>((text, [pattern, replacement]) => text.replace(pattern, replacement), value),
    ) as T;
  }
  if (value instanceof Error) {
    return { type: value.name, message: redactSecrets(value.message), stack: redactSecrets(value.stack) } as T;
  }
  if (value && typeof value === 'object') {
    if (seen.has(value)) return '[circular]' as T;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen)) as T;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        PRIVATE_FIELD.test(key) && (typeof item === 'string' || typeof item === 'number')
          ? '[redacted]'
          : redactSecrets(item, seen),
      ]),
    ) as T;
  }
  return value;
}

export type { Logger };

/** How much log a shop PC keeps: the file being written and four before it, 5 MB each. */
export const LOG_ROTATION: LogRotation = { size: '5M', files: 5 };

export interface LogRotation {
  /** When the file being written reaches this size ('5M', '300K'), it becomes `<file>.1` and a new one starts. */
  size: string;
  /** How many files at most, the one being written included (at least 2): the oldest goes. */
  files: number;
}

/**
 * The log file, readable by the user only (created 0600; rotation renames, so older files keep that mode), rotated by
 * size as logrotate does: till.log, till.log.1 (the newest before it) … till.log.4.
 */
function rotatingFile(file: string, rotation: LogRotation) {
  makePrivateDir(dirname(file));
  restrictToOwner(file); // an older Till's log, written 0644
  const stream = createStream(basename(file), {
    path: dirname(file),
    size: rotation.size,
    rotate: Math.max(1, rotation.files - 1),
    mode: PRIVATE_FILE_MODE,
  });
  // A log that cannot be written (a full disk) must not stop the till: an unhandled 'error' would end the process.
  stream.on('error', (error) => process.stderr.write(`Till could not write its log ${file}: ${String(error)}\n`));
  return stream;
}

export function createLogger(options: { level?: string; file?: string; rotation?: LogRotation } = {}): Logger {
  const destination = options.file ? rotatingFile(options.file, options.rotation ?? LOG_ROTATION) : undefined;
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
