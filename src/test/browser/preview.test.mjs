// Browser tests of the page written by `cellscape export-html`, in headless Chromium with SwiftShader (WebGL2 on
// the CPU). BrowserPreviewTest (JUnit) writes the page and a case file with the Java engine's results, then runs
//   node --test --test-reporter=spec preview.test.mjs     with CELLSCAPE_PREVIEW_CASE=case.json
// The case file: { page, chromium, name, width, height, channels, brush, zeroColour: [r,g,b],
//   exact: { steps, state (base64 float32, HWC), tolerance }, render: { steps, mean: [3], std: [3] }, regrowSteps,
//   oddCases: [{ name, page, width, height, channels, steps, state, tolerance }],
//   rulesCase: { page, width, height, channels, brush, rules, steps, tolerance, state0, state2 } }
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { decodePng, colourStats } from './png.mjs';

import { CHROMIUM_ARGS } from './chromium-args.mjs';
export { CHROMIUM_ARGS };

const casePath = process.env.CELLSCAPE_PREVIEW_CASE;
const skip = casePath ? false : 'CELLSCAPE_PREVIEW_CASE is not set (BrowserPreviewTest sets it)';
const K = casePath ? JSON.parse(fs.readFileSync(casePath, 'utf8')) : null;
const pageUrl = K ? pathToFileURL(K.page).href : '';
// The exported pages themselves: the only URLs the browser may load.
const pages = new Set(K ? [pageUrl, ...K.oddCases.map((c) => pathToFileURL(c.page).href), pathToFileURL(K.rulesCase.page).href] : []);

let browser, context, page;
const requests = [], refused = [];

function floats(b64) {
  const b = Buffer.from(b64, 'base64');
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
}

async function open(p, url = pageUrl) {
  p.on('pageerror', (e) => console.log('page error:', e.message));
  await p.goto(url);
  await p.waitForFunction(() => window.cellscape && (window.cellscape.ready || window.cellscape.error), null, { timeout: 30000 });
}

// A screenshot of the canvas, sampled at the centre of every cell: { width, height, channels, px } of W x H.
async function shot() {
  const img = decodePng(await page.locator('#view').screenshot());
  const px = new Uint8Array(K.width * K.height * 3);
  for (let y = 0; y < K.height; y++)
    for (let x = 0; x < K.width; x++) {
      const sx = Math.floor((x + 0.5) * img.width / K.width), sy = Math.floor((y + 0.5) * img.height / K.height);
      for (let c = 0; c < 3; c++) px[(y * K.width + x) * 3 + c] = img.px[(sy * img.width + sx) * img.channels + c];
    }
  return { width: K.width, height: K.height, channels: 3, px };
}

// Distance (in cells) of cell (x, y)'s centre from the drag segment a-b, on the torus (the page's eraser rule;
// valid while the segment plus the brush spans less than half the grid).
function segmentDistance(a, b) {
  const m = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], hab = [(b[0] - a[0]) / 2, (b[1] - a[1]) / 2], l2 = hab[0] ** 2 + hab[1] ** 2;
  return (x, y) => {
    let dx = x + 0.5 - m[0], dy = y + 0.5 - m[1];
    dx -= K.width * Math.round(dx / K.width);
    dy -= K.height * Math.round(dy / K.height);
    const h = l2 > 0 ? Math.min(1, Math.max(-1, (dx * hab[0] + dy * hab[1]) / l2)) : 0;
    return Math.hypot(dx - hab[0] * h, dy - hab[1] * h);
  };
}

const fmt = (s) => `mean ${s.mean.map((v) => v.toFixed(3)).join('/')} std ${s.std.map((v) => v.toFixed(3)).join('/')}`;

before(async () => {
  if (skip) return;
  browser = await chromium.launch({ executablePath: K.chromium, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 900, height: 760 }, deviceScaleFactor: 1 });
  // Every request goes through here: the pages themselves may load, data: URLs are inline; anything else is refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (pages.has(url) || url.startsWith('data:')) return route.continue();
    refused.push(url);
    return route.abort();
  });
  context.on('request', (r) => requests.push(r.url()));
  page = await context.newPage();
  await open(page);
  await page.evaluate(() => window.cellscape.pause());
});

after(async () => { if (browser) await browser.close(); });

test('the page runs the model with float render targets', { skip }, async () => {
  const s = await page.evaluate(() => ({ error: window.cellscape.error, ...window.cellscape.stats() }));
  assert.equal(s.error, null);
  assert.deepEqual([s.width, s.height, s.channels], [K.width, K.height, K.channels]);
  assert.equal(s.format, 'RGBA32F');
  assert.equal(await page.locator('#name').textContent(), K.name);
});

test('steps match the Java engine (same fire test, same arithmetic)', { skip }, async () => {
  const got = await page.evaluate((n) => { window.cellscape.reset(); window.cellscape.step(n); return Array.from(window.cellscape.state()); }, K.exact.steps);
  const want = floats(K.exact.state);
  assert.equal(got.length, want.length);
  let max = 0, scale = 0;
  for (let i = 0; i < want.length; i++) { max = Math.max(max, Math.abs(got[i] - want[i])); scale = Math.max(scale, Math.abs(want[i])); }
  console.log(`after ${K.exact.steps} steps: max |page - engine| = ${max.toExponential(2)} (largest value ${scale.toFixed(3)})`);
  assert.ok(scale > 0.05, 'the engine state should have moved away from zeros');
  assert.ok(max <= K.exact.tolerance, `page state differs from the engine by ${max}`);
});

let formed;
test('the texture forms, with the colours the Java renderer gives', { skip }, async () => {
  await page.evaluate(() => window.cellscape.reset());
  const blank = colourStats(await shot());
  await page.evaluate((n) => window.cellscape.step(n), K.render.steps);
  formed = colourStats(await shot());
  console.log(`blank: ${fmt(blank)}\npage after ${K.render.steps} steps: ${fmt(formed)}\nJava renderer: ${fmt(K.render)}`);
  assert.ok(Math.max(...blank.std) < 0.01, 'a reset page is one flat colour');
  assert.ok(Math.max(...formed.std) > 0.06, 'a texture has spatial variance');
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(formed.mean[c] - K.render.mean[c]) < 0.06, `channel ${c} mean ${formed.mean[c]} vs engine ${K.render.mean[c]}`);
    const r = formed.std[c] / K.render.std[c];
    assert.ok(r > 0.7 && r < 1.4, `channel ${c} std ${formed.std[c]} vs engine ${K.render.std[c]}`);
  }
});

const a = [0.2, 0.5], b = [0.8, 0.5];
let dist;
test('dragging across the canvas erases the cells under the brush', { skip }, async () => {
  const before = await shot();
  const box = await page.locator('#view').boundingBox();
  const at = (p) => [box.x + p[0] * box.width, box.y + p[1] * box.height];
  await page.mouse.move(...at(a));
  await page.mouse.down();
  await page.mouse.move(...at(b), { steps: 8 });
  await page.mouse.up();
  const img = await shot();
  dist = segmentDistance([a[0] * K.width, a[1] * K.height], [b[0] * K.width, b[1] * K.height]);
  const inside = colourStats(img, (x, y) => dist(x, y) < K.brush - 0.5);
  console.log(`erased band: ${fmt(inside)} over ${inside.n} cells`);
  assert.ok(inside.n > 0);
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(inside.mean[c] - K.zeroColour[c]) < 1.5 / 255, `erased cells show the zero state's colour, channel ${c}`);
    assert.ok(inside.std[c] < 1 / 255, 'erased cells are flat');
  }
  // Nothing else changed (the page is paused): pixels away from the band are as before.
  let changed = 0, far = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      if (dist(x, y) <= K.brush + 0.5) continue;
      far++;
      const o = (y * img.width + x) * img.channels;
      for (let c = 0; c < 3; c++) if (img.px[o + c] !== before.px[o + c]) { changed++; break; }
    }
  assert.ok(far > 0);
  assert.equal(changed, 0, `${changed} of ${far} cells outside the brush changed`);
});

test('the erased band grows back', { skip }, async () => {
  await page.evaluate((n) => window.cellscape.step(n), K.regrowSteps);
  const img = await shot();
  const band = colourStats(img, (x, y) => dist(x, y) < K.brush - 0.5), rest = colourStats(img, (x, y) => dist(x, y) > K.brush + 0.5);
  console.log(`after ${K.regrowSteps} more steps: band ${fmt(band)}; rest ${fmt(rest)}`);
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(band.mean[c] - rest.mean[c]) < 0.1, `channel ${c}: band mean ${band.mean[c]} vs rest ${rest.mean[c]}`);
    assert.ok(band.std[c] > 0.6 * rest.std[c], `channel ${c}: band std ${band.std[c]} vs rest ${rest.std[c]}`);
  }
});

test('the running page reports frames and keeps stepping on its own', { skip }, async () => {
  const s0 = await page.evaluate(() => { window.cellscape.resume(); return window.cellscape.stats(); });
  await page.waitForFunction((f) => window.cellscape.frames >= f + 3, s0.frames, { polling: 100, timeout: 20000 });
  const s1 = await page.evaluate(() => { window.cellscape.pause(); return { ...window.cellscape.stats(), hookSteps: window.cellscape.steps }; });
  assert.ok(s1.steps > s0.steps, 'steps advance while running');
  assert.equal(s1.hookSteps, s1.steps);
  assert.ok(s1.stepsPerFrame >= 1 && s1.stepsPerFrame <= s1.maxStepsPerFrame);
  console.log(`free-running: ${s1.frames - s0.frames} frames, ${s1.steps - s0.steps} steps, ${s1.stepsPerFrame} steps/frame now (max ${s1.maxStepsPerFrame})`);
});

test('odd shapes step like the engine: channels not a multiple of 4, 5 kernels, extra inputs, no clips, W != H, 10 textures', { skip }, async () => {
  for (const oc of K.oddCases) {
    const p = await context.newPage();
    try {
      await open(p, pathToFileURL(oc.page).href);
      const r = await p.evaluate((n) => {
        const h = window.cellscape;
        h.pause(); h.reset(); h.step(n);
        return { error: h.error, stats: h.stats(), state: Array.from(h.state()) };
      }, oc.steps);
      assert.equal(r.error, null);
      assert.deepEqual([r.stats.width, r.stats.height, r.stats.channels], [oc.width, oc.height, oc.channels]);
      const want = floats(oc.state);
      assert.equal(r.state.length, want.length);
      let max = 0, scale = 0;
      for (let i = 0; i < want.length; i++) { max = Math.max(max, Math.abs(r.state[i] - want[i])); scale = Math.max(scale, Math.abs(want[i])); }
      console.log(`${oc.name} (${oc.channels} channels, ${oc.width}x${oc.height}): max |page - engine| = ${max.toExponential(2)} (largest value ${scale.toFixed(3)})`);
      assert.ok(scale > 0.05);
      assert.ok(max <= oc.tolerance * Math.max(1, scale), `${oc.name}: page differs from the engine by ${max}`);
    } finally {
      await p.close();
    }
  }
});

function maxDiff(got, want) {
  let max = 0, scale = 0;
  for (let i = 0; i < want.length; i++) { max = Math.max(max, Math.abs(got[i] - want[i])); scale = Math.max(scale, Math.abs(want[i])); }
  return { max, scale };
}

test('a multi-rule page feeds the painted rules as control inputs; picking a rule and dragging paints it', { skip }, async () => {
  const rc = K.rulesCase, p = await context.newPage();
  try {
    await open(p, pathToFileURL(rc.page).href);
    assert.equal(await p.evaluate(() => window.cellscape.error), null);
    assert.deepEqual(await p.evaluate(() => window.cellscape.rules), rc.rules);
    assert.equal(await p.locator('#toolbox').isVisible(), true);
    assert.deepEqual(await p.locator('#tool option').allTextContents(), ['erase', ...rc.rules.map((r) => 'paint ' + r)]);
    const steps = (n) => p.evaluate((k) => { const h = window.cellscape; h.pause(); h.reset(); h.step(k); return Array.from(h.state()); }, n);
    // unpainted: the first rule everywhere
    let d = maxDiff(await steps(rc.steps), floats(rc.state0));
    console.log(`rules page, first rule: max |page - engine| = ${d.max.toExponential(2)}`);
    assert.ok(d.scale > 0.05 && d.max <= rc.tolerance, `first rule: page differs from the engine by ${d.max}`);
    await p.evaluate(() => window.cellscape.paint(2, 0, 0, 0, 0, 1e6));
    d = maxDiff(await steps(rc.steps), floats(rc.state2));
    console.log(`rules page, rule 2 painted over all: max |page - engine| = ${d.max.toExponential(2)}`);
    assert.ok(d.max <= rc.tolerance, `rule 2: page differs from the engine by ${d.max}`);
    assert.ok(maxDiff(floats(rc.state0), floats(rc.state2)).max > 10 * rc.tolerance, 'the two rules step differently');
    // the mouse: pick 'paint shore' and drag across the middle
    await p.selectOption('#tool', '1');
    assert.equal(await p.evaluate(() => window.cellscape.tool), 1);
    const box = await p.locator('#view').boundingBox();
    const at = (q) => [box.x + q[0] * box.width, box.y + q[1] * box.height];
    await p.mouse.move(...at(a));
    await p.mouse.down();
    await p.mouse.move(...at(b), { steps: 6 });
    await p.mouse.up();
    const ctl = await p.evaluate(() => Array.from(window.cellscape.control())), R = rc.rules.length;
    const near = segmentDistance([a[0] * rc.width, a[1] * rc.height], [b[0] * rc.width, b[1] * rc.height]);
    let painted = 0, kept = 0;
    for (let y = 0; y < rc.height; y++)
      for (let x = 0; x < rc.width; x++) {
        const w = ctl.slice((y * rc.width + x) * R, (y * rc.width + x + 1) * R), dd = near(x, y);
        if (dd < rc.brush - 0.5) { assert.deepEqual(w, [0, 1, 0], `cell ${x},${y} under the stroke`); painted++; }
        else if (dd > rc.brush + 0.5) { assert.deepEqual(w, [0, 0, 1], `cell ${x},${y} away from the stroke`); kept++; }
      }
    assert.ok(painted > 10 && kept > 10, `${painted} painted, ${kept} kept`);
    await p.keyboard.press('0');
    assert.equal(await p.evaluate(() => window.cellscape.tool), -1, 'key 0 picks the eraser');
  } finally {
    await p.close();
  }
});

test('with half-float render targets only, the page falls back to RGBA16F and still follows the engine', { skip }, async () => {
  const p = await context.newPage();
  try {
    await p.addInitScript(() => {
      const get = WebGL2RenderingContext.prototype.getExtension;
      WebGL2RenderingContext.prototype.getExtension = function (name) { return name === 'EXT_color_buffer_float' ? null : get.call(this, name); };
    });
    await open(p);
    const r = await p.evaluate((n) => {
      const h = window.cellscape;
      h.pause(); h.reset(); h.step(n);
      return { format: h.stats().format, state: Array.from(h.state()) };
    }, K.exact.steps);
    assert.equal(r.format, 'RGBA16F');
    const want = floats(K.exact.state);
    let max = 0;
    for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs(r.state[i] - want[i]));
    console.log(`half floats, after ${K.exact.steps} steps: max |page - engine| = ${max.toExponential(2)}`);
    assert.ok(max < 0.02, `half-float state differs from the engine by ${max}`);
  } finally {
    await p.close();
  }
});

async function failureMessage(init) {
  const p = await context.newPage();
  try {
    await p.addInitScript(init);
    await open(p);
    return await p.evaluate(() => ({ error: window.cellscape.error, shown: !document.getElementById('msg').hidden,
      text: document.getElementById('msg').textContent, canvasHidden: document.getElementById('view').hidden }));
  } finally {
    await p.close();
  }
}

test('without WebGL2 the page says so instead of showing a blank canvas', { skip }, async () => {
  const r = await failureMessage(() => {
    const get = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) { return kind === 'webgl2' ? null : get.call(this, kind, ...rest); };
  });
  assert.ok(r.shown && r.canvasHidden, 'message shown, canvas hidden');
  assert.match(r.text, /WebGL2 is not available/);
  assert.equal(r.error, r.text);
});

test('without float render targets the page says so', { skip }, async () => {
  const r = await failureMessage(() => {
    const get = WebGL2RenderingContext.prototype.getExtension;
    WebGL2RenderingContext.prototype.getExtension = function (name) { return /^EXT_color_buffer_(half_)?float$/.test(name) ? null : get.call(this, name); };
  });
  assert.ok(r.shown && r.canvasHidden);
  assert.match(r.text, /floating-point textures/);
});

test('the pages make no network request (checked last, over every page opened above)', { skip }, async () => {
  assert.deepEqual(refused, []);
  assert.ok(requests.includes(pageUrl));
  for (const u of requests) assert.ok(pages.has(u) || u.startsWith('data:'), `unexpected request ${u}`);
});
