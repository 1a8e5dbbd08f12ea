// pdfmake ships no types; the reference keeps the declaration visible to every project compiling this file (web's
// svelte-check reaches it through the e2e helpers), which an import of a .d.ts cannot do.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/pdfmake.d.ts" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';

const require = createRequire(import.meta.url);
let fontsReady = false;

/**
 * DejaVu Sans (from the dejavu-fonts-ttf package) is embedded through pdfmake's virtual file system: it has
 * every Vietnamese glyph, and no file or URL is read while rendering (both access policies deny everything).
 * Every PDF the server prints (account sheets, voter-change reports, polling-area posters) starts here.
 */
export function ensureFonts(): typeof pdfmake {
  if (fontsReady) return pdfmake;
  const dir = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
  pdfmake.virtualfs.writeFileSync('DejaVuSans.ttf', readFileSync(`${dir}DejaVuSans.ttf`));
  pdfmake.virtualfs.writeFileSync('DejaVuSans-Bold.ttf', readFileSync(`${dir}DejaVuSans-Bold.ttf`));
  pdfmake.setFonts({
    DejaVu: {
      normal: 'DejaVuSans.ttf',
      bold: 'DejaVuSans-Bold.ttf',
      italics: 'DejaVuSans.ttf',
      bolditalics: 'DejaVuSans-Bold.ttf',
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsReady = true;
  return pdfmake;
}
