import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../src/web/open-browser';
import { previewOptions } from '../../src/web/preview-options';

describe('how the browser preview is started', () => {
  it('npm start opens the browser; start:web alone only prints the link', () => {
    expect(previewOptions(['--open'], {})).toEqual({ port: 0, openBrowser: true });
    expect(previewOptions([], {})).toEqual({ port: 0, openBrowser: false });
  });

  it('--no-open and BROWSER=none keep the browser closed even when npm start asks for it', () => {
    expect(previewOptions(['--open', '--no-open'], {}).openBrowser).toBe(false);
    expect(previewOptions(['--open'], { BROWSER: 'none' }).openBrowser).toBe(false);
    expect(previewOptions(['--open'], { BROWSER: 'firefox' }).openBrowser).toBe(true);
  });

  it('--port wins over TILL_PREVIEW_PORT, and a bad port is refused in words', () => {
    expect(previewOptions(['--port', '8080'], { TILL_PREVIEW_PORT: '9000' }).port).toBe(8080);
    expect(previewOptions([], { TILL_PREVIEW_PORT: '9000' }).port).toBe(9000);
    expect(previewOptions([], { TILL_PREVIEW_PORT: '' }).port).toBe(0);
    expect(() => previewOptions(['--port', 'eighty'], {})).toThrow('The port must be a number from 1 to 65535');
    expect(() => previewOptions(['--port', '70000'], {})).toThrow('not "70000"');
  });

  it('an unknown option is refused rather than ignored', () => {
    expect(() => previewOptions(['--prot', '8080'], {})).toThrow();
  });
});

describe('opening the default browser', () => {
  const url = 'http://127.0.0.1:8080/?token=abc';
  it('uses each desktop’s own opener, with the link as one argument (no shell to escape it for)', () => {
    expect(browserCommand('linux', url)).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand('darwin', url)).toEqual({ command: 'open', args: [url] });
    expect(browserCommand('win32', url)).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
  });
});
