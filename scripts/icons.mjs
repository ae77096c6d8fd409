/**
 * `npm run icons`: turns resources/icon.svg, Till's one drawing of its icon, into what each installer wants:
 * resources/icon.ico (Windows, 16–256 px), resources/icon.icns (macOS), resources/icon.png (1024 px) and
 * resources/icons/NxN.png (Linux). resvg renders each PNG size from the vector, so the small ones are drawn at
 * their size rather than shrunk; png2icons packs the ICO and ICNS, which need no native tools (iconutil is macOS only).
 * The outputs are committed: building an installer does not need this script.
 */
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import png2icons from 'png2icons';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

function main() {
  const svg = readFileSync(join(resources, 'icon.svg'));
  mkdirSync(join(resources, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(join(resources, 'icons', `${size}x${size}.png`), render(svg, size));
  const master = render(svg, 1024);
  writeFileSync(join(resources, 'icon.png'), master);
  // Colours kept whole (0 = no palette reduction); BICUBIC for the sizes packed from the 1024 px master.
  const ico = png2icons.createICO(master, png2icons.BICUBIC, 0, true, true);
  const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0);
  if (!ico || !icns) throw new Error('png2icons could not pack the icon');
  writeFileSync(join(resources, 'icon.ico'), ico);
  writeFileSync(join(resources, 'icon.icns'), icns);
  console.log(`Icons written to ${resources}`);
}

main();
