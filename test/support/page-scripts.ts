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
  const loads: Promise<LoadedScript | { url: string; unread: string }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    loads.push(
      response.body().then(
        (body) => ({
          url: response.url(),
          bytes: body.length,
          gzipBytes: gzipSync(body).length,
          text: body.toString('utf8'),
        }),
        // A script still arriving when the test ends (the card form's chunk, fetched once the catalog shows) is
        // never read: its failure must not fail the test that did not wait for it. `scripts()` names it instead.
        (error: unknown) => ({ url: response.url(), unread: String(error) }),
      ),
    );
  });
  /** The scripts fetched so far that `wanted` keeps, each of which must have been read (none left uncounted). */
  async function read(wanted: (url: string) => boolean): Promise<LoadedScript[]> {
    const kept = (await Promise.all(loads)).filter((script) => wanted(script.url));
    const unread = kept.filter((script) => 'unread' in script);
    if (unread.length > 0) throw new Error(`Scripts not read: ${JSON.stringify(unread)}`);
    return kept as LoadedScript[];
  }
  return {
    scripts: () => read(() => true),
    only: (urls: readonly string[]) => read((url) => urls.includes(url)),
  };
}

export function ownGzipKb(scripts: LoadedScript[], origin: string): number {
  const own = scripts.filter((script) => script.url.startsWith(origin));
  return own.reduce((sum, script) => sum + script.gzipBytes, 0) / 1000;
}

/** Where the Checkout page's catalog lists its products: its first option on screen is the page's first paint. */
const FIRST_PRODUCT = '[role="listbox"][aria-label="Products"] [role="option"]';

/**
 * Records the scripts the Checkout page asks for until its catalog shows: the first load, which the card form's
 * chunk (fetched just after the catalog shows) is not part of. A watcher in the page notes the moment the first
 * product enters the DOM; the scripts are those whose request started by then (Resource Timing). A mutation
 * observer runs before React's next task, so what the page starts loading after that paint always falls after it.
 * Call before navigating; call `scripts()` once the catalog is visible.
 */
export async function recordCheckoutFirstLoad(page: Pick<Page, 'on' | 'addInitScript' | 'evaluate'>) {
  const recorder = recordScripts(page);
  // Page code as text: this file compiles for Node, without the DOM's types.
  await page.addInitScript({
    content: `(() => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector(${JSON.stringify(FIRST_PRODUCT)})) return;
        window.tillCatalogShownAt = performance.now(); // when the catalog's first product appeared
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    })()`,
  });
  return {
    async scripts(): Promise<LoadedScript[]> {
      const requested = await page.evaluate<string[] | null>(`(() => {
        const shownAt = window.tillCatalogShownAt;
        if (shownAt === undefined) return null;
        return performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime <= shownAt)
          .map((entry) => entry.name);
      })()`);
      if (!requested) throw new Error('The catalog has not shown a product yet.');
      return recorder.only(requested);
    },
  };
}
