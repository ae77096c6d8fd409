/**
 * Reading what `stripe listen` (Stripe CLI 1.52.0) prints. Status goes to stderr: `Getting ready...`, then the
 * Ready line carrying the webhook signing secret, and logrus lines (`time="…" level=fatal msg="…"`) for trouble;
 * flag errors are one plain line before exit 1. Event lines (`--> type [evt_…]`, `<-- [200] POST …`) go to stdout.
 * With a TTY or forced colour the secret is wrapped in ANSI bold, so colour codes are stripped first.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The line `stripe listen` prints on stderr once its websocket is connected. */
export const READY_LINE =
  /Ready! (?:You are using Stripe API Version \[([^\]]+)\]\. )?Your webhook signing secret is (whsec_[A-Za-z0-9]+) \(\^C to quit\)/;

const LOGRUS = /\blevel=(\w+)\s+msg=("(?:[^"\\]|\\.)*"|\S+)/;

export type CliStderrLine =
  | { kind: 'ready'; secret: string; apiVersion: string | null }
  | { kind: 'session_expired' }
  | { kind: 'log'; level: string; message: string }
  | { kind: 'text'; text: string }
  | { kind: 'blank' };

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value.slice(1, -1);
  }
}

export function parseStderrLine(raw: string): CliStderrLine {
  const line = stripAnsi(raw).replace(/\r$/, '').trim();
  if (!line) return { kind: 'blank' };
  const ready = READY_LINE.exec(line);
  if (ready) return { kind: 'ready', secret: ready[2]!, apiVersion: ready[1] ?? null };
  if (line.startsWith('Session expired')) return { kind: 'session_expired' };
  const logrus = LOGRUS.exec(line);
  if (logrus) return { kind: 'log', level: logrus[1]!.toLowerCase(), message: unquote(logrus[2]!) };
  return { kind: 'text', text: line };
}

/** Splits a text stream into lines, whatever the chunking. */
export function lineSplitter(onLine: (line: string) => void) {
  let buffered = '';
  return {
    push(chunk: string) {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) onLine(part);
    },
    end() {
      if (buffered) onLine(buffered);
      buffered = '';
    },
  };
}
