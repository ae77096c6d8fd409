import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFilePath } from '../../src/main/shell/renderer-file';

const dir = join(sep, 'opt', 'Till', 'resources', 'app.asar', 'out', 'renderer');

describe('which file https://app.till.invalid/… serves', () => {
  it.each([
    ['/', join(dir, 'index.html')],
    ['/index.html', join(dir, 'index.html')],
    ['/assets/index-abc123.js', join(dir, 'assets', 'index-abc123.js')],
    ['/assets/a%20b.css', join(dir, 'assets', 'a b.css')],
  ])('serves %s from the built renderer', (pathname, file) => {
    expect(rendererFilePath(dir, pathname)).toBe(file);
  });

  it.each([
    ['a climb out of the folder', '/../../../../etc/passwd'],
    ['an encoded climb', '/%2e%2e/%2e%2e/main/index.js'],
    ['an encoded separator', '/..%2f..%2fmain%2findex.js'],
    ['the folder itself', '/..%2frenderer'],
    ['a sibling folder sharing the prefix', '/../renderer-evil/index.html'],
    ['broken percent-encoding', '/%E0%A4%A'],
    ['a NUL byte', '/index.html%00.png'],
  ])('serves nothing for %s', (_label, pathname) => {
    expect(rendererFilePath(dir, pathname)).toBeNull();
  });
});
