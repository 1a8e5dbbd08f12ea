/**
 * Copies the shared boundary data into web/static/geo so the wall map loads it from the app's own origin:
 *   provinces.geojson              the 34 provinces as published (national wall map, ~1.2 MB)
 *   communes/{provinceCode}.geojson  the 3,321 communes split by province, so a drill-down loads one province
 *                                  (the whole layer is 13 MB; the largest province file is a fraction of it)
 *   communes-index.json            commune code → province code (silent areas are grouped by province with it)
 *   LICENSE.md                     what these files are, then the licence notice and attribution that must
 *                                  accompany every copy (the licence section of fixtures/geo/LICENSE.md, verbatim)
 * Usage: node web/scripts/split-geo.mjs [sourceDir]  (default: ../shared/geo beside the repository, or $GEO_SRC).
 * The output is committed; run this again only when the shared data changes.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = resolve(WEB, '..');
const src = resolve(process.argv[2] ?? process.env.GEO_SRC ?? join(REPO, '..', 'shared', 'geo'));
const out = join(WEB, 'static', 'geo');

/** Only what the map shows or matches on; the rest (slugs, ASCII names, source areas) stays in the shared copy. */
const KEEP = ['code', 'name', 'full_name', 'type', 'province_code'];

const communes = JSON.parse(readFileSync(join(src, 'communes.geojson'), 'utf8'));
const byProvince = new Map();
for (const f of communes.features) {
  const p = f.properties.province_code;
  const props = Object.fromEntries(KEEP.map((k) => [k, f.properties[k]]));
  if (!byProvince.has(p)) byProvince.set(p, []);
  byProvince.get(p).push({ type: 'Feature', id: f.id ?? props.code, properties: props, geometry: f.geometry });
}

rmSync(join(out, 'communes'), { recursive: true, force: true });
mkdirSync(join(out, 'communes'), { recursive: true });
const index = {};
let bytes = 0;
for (const [p, features] of [...byProvince].sort(([a], [b]) => a.localeCompare(b))) {
  features.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  for (const f of features) index[f.properties.code] = p;
  const text = JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(join(out, 'communes', `${p}.geojson`), text);
  bytes += text.length;
}
// Written, not copied: the shared files are read-only and a copy would keep that mode.
writeFileSync(join(out, 'provinces.geojson'), readFileSync(join(src, 'provinces.geojson')));
writeFileSync(join(out, 'communes-index.json'), JSON.stringify(index));
writeFileSync(join(out, 'LICENSE.md'), licence());
console.log(
  `${communes.features.length} communes in ${byProvince.size} province files (${(bytes / 1e6).toFixed(1)} MB) → ${out}`,
);

/** This folder's own header, then the licence section of fixtures/geo/LICENSE.md unchanged. */
function licence() {
  const notice = readFileSync(join(REPO, 'fixtures', 'geo', 'LICENSE.md'), 'utf8');
  const from = notice.indexOf('## Licences and required attribution');
  if (from < 0) throw new Error('fixtures/geo/LICENSE.md: licence section not found');
  return [
    '# Licence and attribution — map data in `web/static/geo/`',
    '',
    '`provinces.geojson` is an unmodified copy of the shared geo reference (`/work/shared/geo/provinces.geojson`).',
    '`communes/{provinceCode}.geojson` are `communes.geojson` from the same reference split by province, with the',
    'properties reduced to code, name, full_name, type and province_code (geometry unchanged).',
    '`communes-index.json` maps each commune code to its province code. `areas/{provinceCode}.json` holds',
    'synthetic polling-area positions generated inside these commune polygons (fixtures/src/coordinates.ts); they',
    'are not real polling-station locations. Made by `web/scripts/split-geo.mjs` and `npm run geo:areas -w web`.',
    'The map footer shows the attribution below.',
    '',
    notice.slice(from),
  ].join('\n');
}
