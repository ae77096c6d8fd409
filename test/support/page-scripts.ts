import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/** What one script the page loaded weighs: as served, and gzipped (zlib's default level, as Vite reports it). */
export interface LoadedScript {
  url: string;
  bytes: number;
  gzipBytes: number;
  text: string;
}

/**
 * Records every script the page fetches from now on, so that the Checkout page's JavaScript is what the browser
 * actually loaded (the entry, its preloaded chunks, and any chunk it imports while opening), not a guess from the
 * build's file list. Call before navigating; `scripts()` waits for the bodies read so far.
 */
export function recordScripts(page: Pick<Page, 'on'>) {
  const loads: Promise<LoadedScript>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    loads.push(
      response.body().then((body) => ({
        url: response.url(),
        bytes: body.length,
        gzipBytes: gzipSync(body).length,
        text: body.toString('utf8'),
      })),
    );
  });
  return {
    async scripts(): Promise<LoadedScript[]> {
      return Promise.all(loads);
    },
  };
}

/** The total, in kB (1,000 bytes) gzipped, of scripts from the page's own origin (Stripe.js is Stripe's). */
export function ownGzipKb(scripts: LoadedScript[], origin: string): number {
  const own = scripts.filter((script) => script.url.startsWith(origin));
  return own.reduce((sum, script) => sum + script.gzipBytes, 0) / 1000;
}
