// Browser test of the folder written by `cellscape deepzoom` (index.html + OpenSeadragon + DZI), in headless
// Chromium from file://. DeepZoomBrowserTest (JUnit) writes the folder with PNG tiles and a case file:
//   { page, folder, chromium, width, height, maxLevel, reference (base64 8-bit RGB of the whole image, as tiled) }
// and runs   node --test --test-reporter=spec deepzoom.test.mjs   with CELLSCAPE_DEEPZOOM_CASE=case.json
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { decodePng } from './png.mjs';
import { CHROMIUM_ARGS } from './chromium-args.mjs';

const casePath = process.env.CELLSCAPE_DEEPZOOM_CASE;
const skip = casePath ? false : 'CELLSCAPE_DEEPZOOM_CASE is not set (DeepZoomBrowserTest sets it)';
const K = casePath ? JSON.parse(fs.readFileSync(casePath, 'utf8')) : null;
const folderUrl = K ? pathToFileURL(K.folder).href + '/' : '';
const ref = K ? Buffer.from(K.reference, 'base64') : null;

let browser, page;
const requests = [], refused = [];

before(async () => {
  if (skip) return;
  browser = await chromium.launch({ executablePath: K.chromium, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1 });
  // only the folder's own files may load; anything else (a CDN, a tile server) is refused and recorded
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(folderUrl) || url.startsWith('data:')) return route.continue();
    refused.push(url);
    return route.abort();
  });
  context.on('request', (r) => requests.push(r.url()));
  page = await context.newPage();
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto(pathToFileURL(K.page).href);
  await page.waitForFunction(() => window.cellscape && (window.cellscape.ready || window.cellscape.error), null, { timeout: 30000 });
});

after(async () => { if (browser) await browser.close(); });

// Waits until the viewer has drawn everything it wants and no tile arrived for a while.
async function settle() {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    await page.waitForTimeout(250);
    const s = await page.evaluate(() => ({ n: window.cellscape.loaded.length, busy: window.cellscape.viewer.world.needsDraw() }));
    if (s.n === last && !s.busy) return;
    last = s.n;
  }
}

// Screen pixels of #view against the reference at the image pixel each shows; dx shifts the reference (a control).
async function compare(dx) {
  const box = await page.locator('#view').boundingBox();
  const shot = decodePng(await page.locator('#view').screenshot());
  const pts = await page.evaluate(([w, h]) => {
    const v = window.cellscape.viewer, out = [];
    for (let sy = 20; sy < h - 20; sy += 23)
      for (let sx = 20; sx < w - 20; sx += 23) {
        const p = v.viewport.viewerElementToImageCoordinates(new OpenSeadragon.Point(sx + 0.5, sy + 0.5));
        out.push([sx, sy, Math.floor(p.x), Math.floor(p.y)]);
      }
    return out;
  }, [Math.floor(box.width), Math.floor(box.height)]);
  let n = 0, close = 0;
  for (const [sx, sy, ix0, iy] of pts) {
    const ix = ix0 + dx;
    if (ix < 0 || iy < 0 || ix >= K.width || iy >= K.height) continue;
    n++;
    let d = 0;
    for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(shot.px[(sy * shot.width + sx) * shot.channels + c] - ref[(iy * K.width + ix) * 3 + c]));
    if (d <= 3) close++;
  }
  return { n, fraction: close / n };
}

test('opens from file:// and requests nothing outside its folder', { skip }, async () => {
  assert.equal(await page.evaluate(() => window.cellscape.error || null), null);
  await settle();
  assert.deepEqual(refused, []);
  for (const u of requests) assert.ok(u.startsWith(folderUrl), u);
  assert.ok(await page.evaluate(() => window.cellscape.loaded.length) > 0, 'tiles were shown');
  const params = await page.locator('#params').innerText();
  assert.match(params, new RegExp(K.paramShown));
});

test('zooming in loads deeper tiles whose pixels are the image', { skip }, async () => {
  const before = await page.evaluate(() => Math.max(...window.cellscape.loaded.map((t) => t.level)));
  assert.ok(before < K.maxLevel, `the whole image is shown from a coarser level first (level ${before})`);
  await page.evaluate(([x, y]) => {
    const v = window.cellscape.viewer;
    v.drawer.setImageSmoothingEnabled(false); // nearest pixels: each screen pixel shows one image pixel
    v.viewport.zoomTo(v.viewport.imageToViewportZoom(2), null, true); // 2 screen pixels per image pixel
    v.viewport.panTo(v.viewport.imageToViewportCoordinates(new OpenSeadragon.Point(x, y)), true);
  }, [K.width * 0.6, K.height * 0.4]);
  await settle();
  const after = await page.evaluate(() => Math.max(...window.cellscape.loaded.map((t) => t.level)));
  assert.equal(after, K.maxLevel, 'the full-resolution level was loaded');
  const right = await compare(0), shifted = await compare(9);
  console.log(`screen vs image: ${(100 * right.fraction).toFixed(1)}% of ${right.n} points within 3/255; shifted by 9 px: ${(100 * shifted.fraction).toFixed(1)}%`);
  assert.ok(right.n > 200, 'enough points compared');
  // measured 95.7%: the misses are screen pixels on an image pixel's edge, which OpenSeadragon may round either way
  assert.ok(right.fraction >= 0.9, `pixels match the image (${right.fraction})`);
  assert.ok(shifted.fraction < 0.5, `a shifted crop does not match (${shifted.fraction}): the comparison can fail`);
  assert.deepEqual(refused, []);
});
