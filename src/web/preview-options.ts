import { parseArgs } from 'node:util';

/** How `npm run start:web` (and `npm start` without Electron) was asked to run. */
export interface PreviewOptions {
  /** 0: any free port, as before this option existed. */
  port: number;
  /** Whether to open the one-time link in the default browser. */
  openBrowser: boolean;
}

/**
 * `--port 8080` (or TILL_PREVIEW_PORT) picks the port; `--open` opens the default browser, and `--no-open` or
 * BROWSER=none (the convention other dev servers follow) keeps it closed even when `npm start` asks for `--open`.
 * A bad port is refused here, in words, rather than by the server with an error code.
 */
export function previewOptions(argv: readonly string[], env: NodeJS.ProcessEnv): PreviewOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      open: { type: 'boolean' },
      'no-open': { type: 'boolean' },
    },
    strict: true,
  });
  const portText = values.port ?? (env.TILL_PREVIEW_PORT || '0');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new Error(`The port must be a number from 1 to 65535 (or 0 for any free port), not "${portText}".`);
  }
  const optedOut = values['no-open'] === true || env.BROWSER?.toLowerCase() === 'none';
  return { port, openBrowser: values.open === true && !optedOut };
}
