// Cellscape live preview: runs one NCA in WebGL2, the same step as org.cellscape.engine.ReferenceStep.
// Everything this page needs is in this file; it loads nothing. See docs/html-preview.md.
'use strict';
(() => {
  const CFG = JSON.parse(document.getElementById('cellscape-config').textContent);
  const W = CFG.width, H = CFG.height, C = CFG.channels, HID = CFG.hidden, IN = CFG.inputs;
  const T = Math.ceil(C / 4);
  // A multi-rule model's rules: R control inputs after the perception features, NT textures of 4; none otherwise
  // (then the extra inputs stay 0, as in a render without a control map).
  const RULES = CFG.rules || [], R = RULES.length, NT = Math.ceil(R / 4);
  const $ = (id) => document.getElementById(id);
  const canvas = $('view'), msg = $('msg');
  canvas.width = W;
  canvas.height = H;

  // Test hook (documented in docs/html-preview.md); `ready` turns true once the model runs, `error` holds why not.
  const hook = window.cellscape = { ready: false, error: null };

  function fail(text) {
    hook.error = text;
    msg.textContent = text;
    msg.hidden = false;
    canvas.hidden = true;
  }

  const kern = floats(CFG.kernels), K = kern.length / 9;

  function floats(b64) {
    const bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Float32Array(bytes.buffer); // little-endian, as written by HtmlExport
  }

  // ---- The random function: org.cellscape.engine.Rng (SplitMix64 finaliser), 64-bit in BigInt here and
  // as (hi, lo) uint pairs in the shaders.
  const MASK = (1n << 64n) - 1n, G = 0x9E3779B97F4A7C15n;
  const FIRE = 0n, NOISE = 0x6E6F697365n;
  function mix(z) {
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
    return z ^ (z >> 31n);
  }
  function stepKey(seed, stream, level, step) {
    return mix((mix((mix(seed ^ stream ^ G) + BigInt(level + 1) * G) & MASK) + BigInt(step + 1) * G) & MASK);
  }
  const hiLo = (z) => [Number(z >> 32n), Number(z & 0xFFFFFFFFn)];
  const SEED = BigInt.asUintN(64, BigInt(CFG.seed));

  const GLSL_RNG = `
const uvec2 GOLD = uvec2(0x9E3779B9u, 0x7F4A7C15u);
uvec2 add64(uvec2 a, uvec2 b) { uint lo = a.y + b.y; return uvec2(a.x + b.x + (lo < a.y ? 1u : 0u), lo); }
uint mulhi(uint a, uint b) {
  uint a0 = a & 0xFFFFu, a1 = a >> 16, b0 = b & 0xFFFFu, b1 = b >> 16;
  uint p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint mid = (p00 >> 16) + (p01 & 0xFFFFu) + (p10 & 0xFFFFu);
  return p11 + (p01 >> 16) + (p10 >> 16) + (mid >> 16);
}
uvec2 mul64(uvec2 a, uvec2 b) { return uvec2(mulhi(a.y, b.y) + a.y * b.x + a.x * b.y, a.y * b.y); }
uvec2 xs(uvec2 z, uint n) { return uvec2(z.x ^ (z.x >> n), z.y ^ ((z.y >> n) | (z.x << (32u - n)))); }
uvec2 mix64(uvec2 z) {
  z = mul64(xs(z, 30u), uvec2(0xBF58476Du, 0x1CE4E5B9u));
  z = mul64(xs(z, 27u), uvec2(0x94D049BBu, 0x133111EBu));
  return xs(z, 31u);
}
// Rng.u24(rowKey(key, y), x): M(M(key + (y+1)*G) + (x+1)*G) >>> 40
uint u24(uvec2 key, int x, int y) {
  uvec2 row = mix64(add64(key, mul64(uvec2(0u, uint(y) + 1u), GOLD)));
  return mix64(add64(row, mul64(uvec2(0u, uint(x) + 1u), GOLD))).x >> 8;
}`;

  // GLSL float literal that parses back to the same float32.
  function lit(v) {
    if (!Number.isFinite(v)) throw new Error('non-finite constant ' + v);
    const s = String(v);
    return /[.eE]/.test(s) ? s : s + '.0';
  }
  const clipSym = (b) => b == null ? (x) => x : (x) => `clamp(${x}, -${lit(b)}, ${lit(b)})`;

  // ---- WebGL2 and a float render-target format.
  let gl = null;
  try {
    gl = canvas.getContext('webgl2', { antialias: false, depth: false, stencil: false, alpha: false,
      premultipliedAlpha: false, preserveDrawingBuffer: true });
  } catch (e) { gl = null; }
  if (!gl) {
    fail('This browser cannot run the preview: WebGL2 is not available (it may be switched off, or the graphics ' +
      'driver is blocked). Try a current Chrome, Firefox or Safari, or enable hardware acceleration.');
    return;
  }
  const FORMATS = [
    { ext: 'EXT_color_buffer_float', internal: gl.RGBA32F, type: gl.FLOAT, name: 'RGBA32F' },
    { ext: 'EXT_color_buffer_half_float', internal: gl.RGBA16F, type: gl.HALF_FLOAT, name: 'RGBA16F' },
  ];
  const maxDraw = gl.getParameter(gl.MAX_DRAW_BUFFERS), maxUnits = gl.getParameter(gl.MAX_TEXTURE_IMAGE_UNITS);
  const GROUP = Math.min(maxDraw, 8);
  if (T + 2 + NT > maxUnits) { fail(`This model has ${C} channels; this GPU can read only ${(maxUnits - 2) * 4} per pass.`); return; }
  const groups = [];
  for (let t0 = 0; t0 < T; t0 += GROUP) groups.push([t0, Math.min(T, t0 + GROUP)]);

  function texture(internal, w, h, format, type, data) {
    const t = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.texImage2D(gl.TEXTURE_2D, 0, internal, w, h, 0, format, type, data);
    return t;
  }

  // Two buffers of T textures each (ping-pong); one framebuffer per buffer and output group.
  function stateBuffers(fmt) {
    const bufs = [];
    for (let b = 0; b < 2; b++) {
      const tex = [], fbos = [];
      for (let t = 0; t < T; t++) tex.push(texture(fmt.internal, W, H, gl.RGBA, fmt.type, null));
      for (const [t0, t1] of groups) {
        const fb = gl.createFramebuffer();
        gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
        for (let t = t0; t < t1; t++)
          gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + t - t0, gl.TEXTURE_2D, tex[t], 0);
        gl.drawBuffers(Array.from({ length: t1 - t0 }, (_, i) => gl.COLOR_ATTACHMENT0 + i));
        if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) return null;
        fbos.push(fb);
      }
      bufs.push({ tex, fbos });
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return bufs;
  }
  let fmt = null, buf = null;
  for (const f of FORMATS) {
    if (!gl.getExtension(f.ext)) continue;
    buf = stateBuffers(f);
    if (buf) { fmt = f; break; }
  }
  if (!fmt) {
    fail('This browser has WebGL2 but cannot render to floating-point textures (EXT_color_buffer_float or ' +
      'EXT_color_buffer_half_float), which the cells are stored in. Try another browser or device.');
    return;
  }

  // ---- Weights as textures, fetched per texel. W1: row j = hidden unit, texel (t*K+k) holds
  // w1[j][(4t+q)*K + k] for q = 0..3 (four channels through kernel k), the last texel b1[j].
  // W2: texel (t, j) holds w2[4t+q][j]; row HID holds b2.
  const w1 = floats(CFG.w1), b1 = floats(CFG.b1), w2 = floats(CFG.w2), b2 = floats(CFG.b2);
  const w1w = T * K + 1 + NT, w1d = new Float32Array(w1w * HID * 4);
  for (let j = 0; j < HID; j++) {
    for (let t = 0; t < T; t++)
      for (let k = 0; k < K; k++)
        for (let q = 0; q < 4; q++) {
          const c = 4 * t + q;
          if (c < C) w1d[(j * w1w + t * K + k) * 4 + q] = w1[j * IN + c * K + k];
        }
    w1d[(j * w1w + T * K) * 4] = b1[j];
    // texel T*K+1+t: the weights of control inputs 4t..4t+3
    for (let r = 0; r < R; r++) w1d[(j * w1w + T * K + 1 + (r >> 2)) * 4 + (r & 3)] = w1[j * IN + C * K + r];
  }
  const w2d = new Float32Array(T * (HID + 1) * 4);
  for (let j = 0; j <= HID; j++)
    for (let c = 0; c < C; c++) w2d[(j * T + (c >> 2)) * 4 + (c & 3)] = j < HID ? w2[c * HID + j] : b2[c];
  const W1TEX = texture(gl.RGBA32F, w1w, HID, gl.RGBA, gl.FLOAT, w1d);
  const W2TEX = texture(gl.RGBA32F, T, HID + 1, gl.RGBA, gl.FLOAT, w2d);
  // (Uniform blocks were tried instead: no faster on SwiftShader, and they do not fit every model on every GPU.)
  const WEIGHTS = `uniform sampler2D W1;\nuniform sampler2D W2;
#define W1AT(i, j) texelFetch(W1, ivec2(i, j), 0)
#define W2AT(t, j) texelFetch(W2, ivec2(t, j), 0)`;

  // ---- Shaders, generated for this model's sizes, kernels and clips.
  const VERT = '#version 300 es\nvoid main() { vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));' +
    ' gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0); }';
  const HEAD = '#version 300 es\nprecision highp float;\nprecision highp int;\nprecision highp sampler2D;\n' +
    Array.from({ length: T }, (_, t) => `uniform sampler2D S${t};`).join('\n') + '\n' +
    Array.from({ length: NT }, (_, t) => `uniform sampler2D CT${t};`).join('\n') + '\n';
  const outs = (t0, t1) => Array.from({ length: t1 - t0 }, (_, i) => `layout(location = ${i}) out vec4 O${t0 + i};`).join('\n');
  const each = (t0, t1, f) => Array.from({ length: t1 - t0 }, (_, i) => f(t0 + i)).join('\n');

  function stepSource(t0, t1) {
    const cp = clipSym(CFG.clip.perception), cu = clipSym(CFG.clip.update), cs = clipSym(CFG.clip.state);
    const ch = CFG.clip.hidden == null ? 'max(a, 0.0)' : `min(max(a, 0.0), ${lit(CFG.clip.hidden)})`;
    const taps = [];
    for (let t = 0; t < T; t++)
      for (let i = 0; i < 9; i++)
        taps.push(`vec4 n${t}_${i} = texelFetch(S${t}, ivec2(${['xl', 'p.x', 'xr'][i % 3]}, ${['yu', 'p.y', 'yd'][(i / 3) | 0]}), 0);`);
    // Perception: the engine's fma chain over the non-zero taps in row-major order, then the clip.
    const per = [];
    for (let t = 0; t < T; t++)
      for (let k = 0; k < K; k++) {
        let e = null;
        for (let i = 0; i < 9; i++) {
          const v = kern[k * 9 + i];
          if (v !== 0) e = e == null ? `${lit(v)} * n${t}_${i}` : `${lit(v)} * n${t}_${i} + (${e})`;
        }
        per.push(`vec4 P${t * K + k} = ${cp(e == null ? 'vec4(0.0)' : e)};`);
      }
    const dots = Array.from({ length: T * K }, (_, i) => `a += dot(P${i}, W1AT(${i}, j));`)
      .concat(Array.from({ length: NT }, (_, t) => `a += dot(c${t}, W1AT(${T * K + 1 + t}, j));`));
    return `${HEAD}${WEIGHTS}\nuniform uvec2 KEY;\nuniform uint THRESHOLD;
${outs(t0, t1)}
${GLSL_RNG}
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  ${each(t0, t1, (t) => `vec4 s${t} = texelFetch(S${t}, p, 0);`)}
  if (u24(KEY, p.x, p.y) >= THRESHOLD) { ${each(t0, t1, (t) => `O${t} = s${t};`)} return; }
  int xl = p.x == 0 ? ${W - 1} : p.x - 1, xr = p.x == ${W - 1} ? 0 : p.x + 1;
  int yu = p.y == 0 ? ${H - 1} : p.y - 1, yd = p.y == ${H - 1} ? 0 : p.y + 1;
  ${taps.join('\n  ')}
  ${per.join('\n  ')}
  ${each(0, NT, (t) => `vec4 c${t} = texelFetch(CT${t}, p, 0);`)}
  ${each(t0, t1, (t) => `vec4 u${t} = W2AT(${t}, ${HID});`)}
  for (int j = 0; j < ${HID}; j++) {
    float a = W1AT(${T * K}, j).x;
    ${dots.join('\n    ')}
    a = ${ch};
    ${each(t0, t1, (t) => `u${t} += a * W2AT(${t}, j);`)}
  }
  ${each(t0, t1, (t) => `O${t} = ${cs(`s${t} + ${cu(`u${t}`)}`)};`)}
}`;
  }

  // Zeros, or Rng.noise per channel (stream NOISE, level = channel) times the amplitude; padding stays 0.
  function initSource(t0, t1) {
    const lines = [];
    for (let t = t0; t < t1; t++)
      for (let q = 0; q < 4; q++)
        lines.push(4 * t + q < C
          ? `O${t}[${q}] = AMP * (float(u24(NKEY[${4 * t + q}], p.x, p.y)) * exp2(-23.0) - 1.0);`
          : `O${t}[${q}] = 0.0;`);
    return `${HEAD}uniform float AMP;\nuniform uvec2 NKEY[${C}];\n${outs(t0, t1)}\n${GLSL_RNG}
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  ${lines.join('\n  ')}
}`;
  }

  // Zeroes the cells whose centres lie within R of the segment A-B (cell coordinates, y down = texture rows),
  // wrapping at the edges: positions are taken relative to the segment's middle, on the torus.
  function eraseSource(t0, t1) {
    return `${HEAD}uniform vec2 A;\nuniform vec2 B;\nuniform float R;\n${outs(t0, t1)}
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec2 size = vec2(${W}.0, ${H}.0), half_ab = 0.5 * (B - A), d = vec2(p) + 0.5 - 0.5 * (A + B);
  d -= size * floor(d / size + 0.5);
  float l2 = dot(half_ab, half_ab);
  float h = l2 > 0.0 ? clamp(dot(d, half_ab) / l2, -1.0, 1.0) : 0.0;
  bool inside = length(d - half_ab * h) < R;
  ${each(t0, t1, (t) => `O${t} = inside ? vec4(0.0) : texelFetch(S${t}, p, 0);`)}
}`;
  }

  const displaySource = `${HEAD}uniform float SCALE;\nuniform float OFFSET;\nout vec4 O;
void main() {
  ivec2 p = ivec2(int(gl_FragCoord.x), ${H - 1} - int(gl_FragCoord.y));
  vec3 v = texelFetch(S0, p, 0).rgb * SCALE + OFFSET;
  v = vec3(isnan(v.r) ? 0.0 : v.r, isnan(v.g) ? 0.0 : v.g, isnan(v.b) ? 0.0 : v.b);
  O = vec4(clamp(v, 0.0, 1.0), 1.0);
}`;

  function program(fragSrc) {
    const p = gl.createProgram();
    for (const [type, src] of [[gl.VERTEX_SHADER, VERT], [gl.FRAGMENT_SHADER, fragSrc]]) {
      const s = gl.createShader(type);
      gl.shaderSource(s, src);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error('shader: ' + gl.getShaderInfoLog(s));
      gl.attachShader(p, s);
    }
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error('link: ' + gl.getProgramInfoLog(p));
    gl.useProgram(p);
    for (let t = 0; t < T; t++) gl.uniform1i(gl.getUniformLocation(p, 'S' + t), t);
    gl.uniform1i(gl.getUniformLocation(p, 'W1'), T);
    gl.uniform1i(gl.getUniformLocation(p, 'W2'), T + 1);
    for (let t = 0; t < NT; t++) gl.uniform1i(gl.getUniformLocation(p, 'CT' + t), T + 2 + t);
    const u = {};
    const n = gl.getProgramParameter(p, gl.ACTIVE_UNIFORMS);
    for (let i = 0; i < n; i++) {
      const name = gl.getActiveUniform(p, i).name.replace(/\[0\]$/, '');
      u[name] = gl.getUniformLocation(p, name);
    }
    return { p, u };
  }

  // ---- The control map: the rule weights of every cell, kept here (painted in JS, exactly where the eraser
  // would erase) and uploaded to NT textures after each stroke. It starts as the default rule (the first) everywhere.
  const CTL = { data: [], tex: [] };
  for (let t = 0; t < NT; t++) {
    const d = new Float32Array(W * H * 4);
    if (t === 0) for (let i = 0; i < W * H; i++) d[i * 4] = 1;
    CTL.data.push(d);
    CTL.tex.push(texture(gl.RGBA32F, W, H, gl.RGBA, gl.FLOAT, d));
  }

  // Gives the cells within r of the segment a-b (torus distance, as the eraser shader) the one-hot weights of rule.
  function paint(rule, ax, ay, bx, by, r) {
    const hx = (bx - ax) / 2, hy = (by - ay) / 2, mx = (ax + bx) / 2, my = (ay + by) / 2, l2 = hx * hx + hy * hy;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        let dx = x + 0.5 - mx, dy = y + 0.5 - my;
        dx -= W * Math.floor(dx / W + 0.5);
        dy -= H * Math.floor(dy / H + 0.5);
        const h = l2 > 0 ? Math.min(1, Math.max(-1, (dx * hx + dy * hy) / l2)) : 0;
        if (Math.hypot(dx - hx * h, dy - hy * h) >= r) continue;
        for (let k = 0; k < R; k++) CTL.data[k >> 2][(y * W + x) * 4 + (k & 3)] = k === rule ? 1 : 0;
      }
    for (let t = 0; t < NT; t++) {
      gl.bindTexture(gl.TEXTURE_2D, CTL.tex[t]);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, W, H, gl.RGBA, gl.FLOAT, CTL.data[t]);
    }
  }

  let progs;
  try {
    progs = {
      step: groups.map(([a, b]) => program(stepSource(a, b))),
      init: groups.map(([a, b]) => program(initSource(a, b))),
      erase: groups.map(([a, b]) => program(eraseSource(a, b))),
      display: program(displaySource),
    };
  } catch (e) {
    fail('The preview could not build its shaders on this GPU: ' + e.message);
    return;
  }
  const threshold = CFG.threshold >>> 0;
  const noiseKeys = new Uint32Array(2 * C);
  for (let c = 0; c < C; c++) noiseKeys.set(hiLo(stepKey(SEED, NOISE, c, 0)), 2 * c);

  // ---- Running: cur = index of the buffer holding the state.
  let cur = 0, steps = 0, frames = 0, paused = false;
  gl.bindVertexArray(gl.createVertexArray());

  // Runs one pass per output group, reading buffer cur (when read) and writing the other; then swaps.
  function pass(progList, setUniforms) {
    const src = buf[cur], dst = buf[1 - cur];
    for (let t = 0; t < T; t++) { gl.activeTexture(gl.TEXTURE0 + t); gl.bindTexture(gl.TEXTURE_2D, src.tex[t]); }
    gl.activeTexture(gl.TEXTURE0 + T); gl.bindTexture(gl.TEXTURE_2D, W1TEX);
    gl.activeTexture(gl.TEXTURE0 + T + 1); gl.bindTexture(gl.TEXTURE_2D, W2TEX);
    for (let t = 0; t < NT; t++) { gl.activeTexture(gl.TEXTURE0 + T + 2 + t); gl.bindTexture(gl.TEXTURE_2D, CTL.tex[t]); }
    gl.viewport(0, 0, W, H);
    progList.forEach((pr, g) => {
      gl.useProgram(pr.p);
      setUniforms(pr.u);
      gl.bindFramebuffer(gl.FRAMEBUFFER, dst.fbos[g]);
      gl.drawArrays(gl.TRIANGLES, 0, 3);
    });
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    cur = 1 - cur;
  }

  function stepOnce() {
    const [hi, lo] = hiLo(stepKey(SEED, FIRE, 0, steps));
    pass(progs.step, (u) => { gl.uniform2ui(u.KEY, hi, lo); gl.uniform1ui(u.THRESHOLD, threshold); });
    steps++;
  }

  function reset() {
    pass(progs.init, (u) => { gl.uniform1f(u.AMP, CFG.noise); gl.uniform2uiv(u.NKEY, noiseKeys); });
    steps = 0;
  }

  function erase(ax, ay, bx, by, r) {
    pass(progs.erase, (u) => { gl.uniform2f(u.A, ax, ay); gl.uniform2f(u.B, bx, by); gl.uniform1f(u.R, r); });
  }

  function draw() {
    gl.activeTexture(gl.TEXTURE0); gl.bindTexture(gl.TEXTURE_2D, buf[cur].tex[0]);
    gl.useProgram(progs.display.p);
    gl.uniform1f(progs.display.u.SCALE, CFG.colourScale);
    gl.uniform1f(progs.display.u.OFFSET, CFG.colourOffset);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, W, H);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
  }

  // The state as C floats per cell, rows top to bottom (the engine's HWC layout).
  function readState() {
    const out = new Float32Array(W * H * C), px = new Float32Array(W * H * 4);
    for (let t = 0; t < T; t++) {
      const g = groups.findIndex(([a, b]) => t >= a && t < b);
      gl.bindFramebuffer(gl.READ_FRAMEBUFFER, buf[cur].fbos[g]);
      gl.readBuffer(gl.COLOR_ATTACHMENT0 + t - groups[g][0]);
      gl.readPixels(0, 0, W, H, gl.RGBA, gl.FLOAT, px);
      for (let i = 0; i < W * H; i++)
        for (let q = 0; q < 4 && 4 * t + q < C; q++) out[i * C + 4 * t + q] = px[i * 4 + q];
    }
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
    return out;
  }

  // ---- Controls.
  const ui = { play: $('play'), speed: $('speed'), brush: $('brush'), zoom: $('zoom'), tool: $('tool') };
  let tool = -1; // -1 erases; 0..R-1 paints that rule
  RULES.forEach((name, i) => ui.tool.add(new Option(`paint ${name}`, String(i))));
  if (R > 0) { $('toolbox').hidden = false; $('painthint').hidden = false; }
  ui.tool.onchange = () => { tool = Number(ui.tool.value); };
  function setTool(t) { tool = t; ui.tool.value = String(t); }
  let maxSpf = CFG.stepsPerFrame, spf = maxSpf, brush = CFG.brush;
  ui.brush.max = String(Math.max(64, brush, Math.ceil(Math.max(W, H) / 2)));
  ui.speed.value = String(maxSpf);
  ui.brush.value = String(brush);

  function showSpeed() { $('speedv').textContent = spf < maxSpf ? `${maxSpf} (${spf})` : String(maxSpf); }
  function showBrush() { $('brushv').textContent = String(brush); }
  function setPaused(p) {
    paused = p;
    ui.play.textContent = p ? '▶' : '❚❚';
    ui.play.setAttribute('aria-label', p ? 'Run' : 'Pause');
  }
  function fit() {
    const stage = $('stage'), z = ui.zoom.value;
    let s = Number(z);
    if (z === 'fit') {
      s = Math.min((stage.clientWidth - 24) / W, (stage.clientHeight - 24) / H);
      s = s >= 1 ? Math.floor(s) : Math.max(s, 0.1);
    }
    canvas.style.width = `${W * s}px`;
    canvas.style.height = `${H * s}px`;
  }
  function zoomBy(d) {
    const opts = [...ui.zoom.options].map((o) => o.value);
    ui.zoom.value = opts[Math.max(0, Math.min(opts.length - 1, opts.indexOf(ui.zoom.value) + d))];
    fit();
  }
  function doReset() { reset(); draw(); }

  ui.play.onclick = () => setPaused(!paused);
  $('stepone').onclick = () => { setPaused(true); stepOnce(); draw(); };
  $('reset').onclick = doReset;
  ui.speed.oninput = () => { maxSpf = spf = Number(ui.speed.value); showSpeed(); };
  ui.brush.oninput = () => { brush = Number(ui.brush.value); showBrush(); };
  ui.zoom.onchange = fit;
  window.addEventListener('resize', fit);
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    if (k === ' ') setPaused(!paused);
    else if (k === 'r' || k === 'R') doReset();
    else if (k === 's' || k === 'ArrowRight') { setPaused(true); stepOnce(); draw(); }
    else if (k === '+' || k === '=') zoomBy(1);
    else if (k === '-') zoomBy(-1);
    else if (R > 0 && k >= '0' && k <= '9' && Number(k) <= R) setTool(Number(k) - 1);
    else if (k === '[' || k === ']') { brush = Math.max(1, Math.min(Number(ui.brush.max), brush + (k === ']' ? 1 : -1))); ui.brush.value = String(brush); showBrush(); }
    else return;
    e.preventDefault();
  });

  // Erasing or painting: pointer events cover mouse, pen and touch; each move works on the segment from the last position.
  function brushAlong(ax, ay, bx, by) {
    if (tool < 0) erase(ax, ay, bx, by, brush);
    else paint(tool, ax, ay, bx, by, brush);
  }
  let last = null;
  function cellAt(e) {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) / r.width * W, (e.clientY - r.top) / r.height * H];
  }
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = cellAt(e);
    brushAlong(last[0], last[1], last[0], last[1]);
    draw();
    e.preventDefault();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = cellAt(e);
    // Pieces shorter than a quarter of the grid, so the torus wrap in the shader never folds a segment.
    const n = Math.max(1, Math.ceil(Math.hypot(p[0] - last[0], p[1] - last[1]) / (Math.min(W, H) / 4)));
    for (let i = 1; i <= n; i++) {
      const q = [last[0] + (p[0] - last[0]) * i / n, last[1] + (p[1] - last[1]) * i / n];
      const o = [last[0] + (p[0] - last[0]) * (i - 1) / n, last[1] + (p[1] - last[1]) * (i - 1) / n];
      brushAlong(o[0], o[1], q[0], q[1]);
    }
    draw();
    last = p;
  });
  const up = () => { last = null; };
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);

  // ---- The frame loop: spf steps per frame, lowered while frames take over ~20 ms, raised back when fast.
  let lastT = 0, avg = 1000 / 60, fpsShown = 0, fpsAt = 0, fpsFrames = 0, stepsAt = 0, adjustAt = 0;
  function frame(now) {
    requestAnimationFrame(frame);
    if (lastT) avg = 0.9 * avg + 0.1 * Math.min(now - lastT, 250);
    lastT = now;
    if (!paused) {
      for (let i = 0; i < spf; i++) stepOnce();
      if (now - adjustAt > 250) {
        adjustAt = now;
        if (avg > 20 && spf > 1) spf = Math.max(1, Math.floor(spf * 0.7));
        else if (avg < 17.5 && spf < maxSpf) spf++;
        showSpeed();
      }
    }
    draw();
    frames++;
    fpsFrames++;
    if (now - fpsAt >= 500) {
      fpsShown = fpsFrames * 1000 / (now - fpsAt);
      $('fps').textContent = `${fpsShown.toFixed(0)} fps · ${Math.round((steps - stepsAt) * 1000 / (now - fpsAt))} steps/s`;
      $('steps').textContent = `${steps} steps`;
      fpsAt = now; fpsFrames = 0; stepsAt = steps;
    }
  }

  // (defineProperty, not Object.assign: assign would copy the getters' current values.)
  Object.defineProperty(hook, 'frames', { get: () => frames, enumerable: true });
  Object.defineProperty(hook, 'steps', { get: () => steps, enumerable: true });
  // The tool dragging uses: -1 erases, 0..R-1 paints that rule.
  Object.defineProperty(hook, 'tool', { get: () => tool, enumerable: true });
  Object.assign(hook, {
    /** Runs n steps now (also while paused) and shows the result; returns the step count. */
    step(n = 1) { for (let i = 0; i < n; i++) stepOnce(); draw(); $('steps').textContent = `${steps} steps`; return steps; },
    pause() { setPaused(true); },
    resume() { setPaused(false); },
    reset() { doReset(); },
    /** The state, C floats per cell in rows from the top (HWC), as a Float32Array. */
    state: readState,
    /** The rule names (empty for a model without rules). */
    rules: RULES.slice(),
    /** Paints rule (its index) within r cells of the segment a-b, as a drag with that rule picked does. */
    paint(rule, ax, ay, bx, by, r) { paint(rule, ax, ay, bx, by, r); draw(); },
    /** The control weights, R floats per cell in rows from the top, as a Float32Array. */
    control() {
      const out = new Float32Array(W * H * R);
      for (let i = 0; i < W * H; i++) for (let k = 0; k < R; k++) out[i * R + k] = CTL.data[k >> 2][i * 4 + (k & 3)];
      return out;
    },

    stats() {
      return { steps, frames, fps: fpsShown, stepsPerFrame: spf, maxStepsPerFrame: maxSpf, paused, brush, tool, rules: R,
        width: W, height: H, channels: C, format: fmt.name, renderer: gl.getParameter(gl.RENDERER) };
    },
  });

  showSpeed();
  showBrush();
  fit();
  reset();
  draw();
  hook.ready = true;
  requestAnimationFrame(frame);
})();
