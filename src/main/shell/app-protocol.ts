import { net, protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { APP_HOST } from './app-origin';
import { rendererFilePath } from './renderer-file';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Answers https://app.till.invalid/… from the built renderer (or, in development, from electron-vite's dev
 * server), with the CSP as a response header. Every other https request goes to the network untouched.
 */
export function serveAppOrigin(options: { rendererDir: string; devServerUrl?: string; csp: () => string }): void {
  protocol.handle('https', async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return net.fetch(request, { bypassCustomProtocolHandlers: true });
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });

    const headers = {
      'content-security-policy': options.csp(),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (options.devServerUrl) {
      const upstream = await net.fetch(new URL(url.pathname + url.search, options.devServerUrl).href);
      const body = await upstream.arrayBuffer();
      const type = upstream.headers.get('content-type') ?? 'application/octet-stream';
      return new Response(body, { status: upstream.status, headers: { ...headers, 'content-type': type } });
    }

    const file = rendererFilePath(options.rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      const type = MIME[extname(file)] ?? 'application/octet-stream';
      return new Response(body, { headers: { ...headers, 'content-type': type } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
