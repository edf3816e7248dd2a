/**
 * Page-side pieces of `npm run bench:ui`: the strokes it draws, a plain
 * one-canvas page to draw them on as the baseline, timed mouse drawing, and
 * the probes it installs in the app.
 */

/** Unit-square strokes (the e2e helpers' digits). */
export const DIGITS = {
  1: [[[0.4, 0.26], [0.53, 0.15], [0.53, 0.85]]],
  7: [[[0.28, 0.18], [0.72, 0.18], [0.45, 0.86]]],
  4: [[[0.6, 0.15], [0.28, 0.6], [0.75, 0.6]], [[0.6, 0.38], [0.6, 0.86]]],
  2: [[[0.3, 0.3], [0.4, 0.18], [0.55, 0.15], [0.68, 0.24], [0.68, 0.38], [0.3, 0.84], [0.72, 0.84]]],
  3: [[[0.3, 0.2], [0.55, 0.15], [0.68, 0.28], [0.5, 0.48], [0.7, 0.64], [0.6, 0.82], [0.3, 0.82]]],
  0: [Array.from({ length: 25 }, (_, i) => [0.5 + 0.24 * Math.cos(-Math.PI / 2 + (i / 24) * 2 * Math.PI), 0.5 + 0.36 * Math.sin(-Math.PI / 2 + (i / 24) * 2 * Math.PI)])],
};
export const ORDER = [1, 7, 4, 2, 3, 0];

/** The stroke's points in page px, `stepPx` apart along each segment. */
export function densify(stroke, box, stepPx) {
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  const out = [at(stroke[0])];
  for (let i = 1; i < stroke.length; i++) {
    const [x0, y0] = at(stroke[i - 1]);
    const [x1, y1] = at(stroke[i]);
    const n = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / stepPx));
    for (let k = 1; k <= n; k++) out.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n]);
  }
  return out;
}

/**
 * A page with one `<canvas>` at `box` that draws strokes the plain way
 * (append each segment, same ink and width as the app): the baseline a move's
 * cost is compared with.
 */
export function plainPage(box, lineWidthRatio) {
  return `<!doctype html><html><body style="margin:0;background:#0b0d18">
<canvas id="c" style="position:absolute;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px;touch-action:none"></canvas>
<script>
const c = document.getElementById('c');
const dpr = devicePixelRatio || 1;
c.width = Math.round(${box.width} * dpr); c.height = Math.round(${box.height} * dpr);
const ctx = c.getContext('2d');
ctx.scale(dpr, dpr);
Object.assign(ctx, { strokeStyle: '#f4f6ff', lineWidth: ${box.width * lineWidthRatio}, lineCap: 'round', lineJoin: 'round' });
let last = null;
c.onpointerdown = (e) => { c.setPointerCapture(e.pointerId); last = [e.offsetX, e.offsetY]; };
c.onpointermove = (e) => {
  if (!last) return;
  for (const ev of e.getCoalescedEvents?.() ?? [e]) {
    ctx.beginPath(); ctx.moveTo(last[0], last[1]); last = [ev.offsetX, ev.offsetY]; ctx.lineTo(last[0], last[1]); ctx.stroke();
  }
};
c.onpointerup = () => (last = null);
window.clearDrawing = () => ctx.clearRect(0, 0, c.width, c.height);
</script></body></html>`;
}

/**
 * Draws `digit` with the mouse, timing each `mouse.move` (Playwright waits for
 * the renderer to handle each one): `down` while the button is held, `hover`
 * for a few moves without it (the control: what a move costs that changes nothing).
 */
export async function drawTimed(page, box, digit, stepPx = 8) {
  const down = [];
  const hover = [];
  for (const stroke of DIGITS[digit]) {
    const pts = densify(stroke, box, stepPx);
    for (let k = 4; k >= 0; k--) {
      const t = performance.now();
      await page.mouse.move(pts[0][0] + k * 3, pts[0][1] + k * 2);
      hover.push(performance.now() - t);
    }
    await page.mouse.down();
    for (const [x, y] of pts.slice(1)) {
      const t = performance.now();
      await page.mouse.move(x, y);
      down.push(performance.now() - t);
    }
    await page.mouse.up();
  }
  return { down, hover };
}

/**
 * Draws `digit` as the e2e helpers do: each segment of a stroke in `steps`
 * mouse moves (quick, like a person's flick); `afterStroke` runs after each pointer-up.
 */
export async function drawQuick(page, box, digit, { steps = 4, afterStroke = async () => undefined } = {}) {
  for (const stroke of DIGITS[digit]) {
    const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps });
    await page.mouse.up();
    await afterStroke();
  }
}

/** In the page: pointer-up on the canvas → `prediction` data-pending="false", each into `window.__lat`. */
export function installAnswerProbe() {
  // Installed once per page; a second call only empties the list.
  if (window.__lat) return void (window.__lat = []);
  window.__lat = [];
  const canvas = document.querySelector('[data-testid="draw-canvas"]');
  const pred = document.querySelector('[data-testid="prediction"]');
  let upAt = null;
  canvas.addEventListener('pointerup', () => (upAt = pred.getAttribute('data-pending') === 'true' ? performance.now() : null), true);
  canvas.addEventListener('pointerup', () => upAt === null && window.__lat.push(0), true);
  new MutationObserver(() => {
    if (upAt !== null && pred.getAttribute('data-pending') === 'false') {
      window.__lat.push(performance.now() - upAt);
      upAt = null;
    }
  }).observe(pred, { attributes: true });
}

/** In the page: gaps between animation frames, into `window.__gaps` (reset by emptying it). */
export function installFrameProbe() {
  window.__gaps = [];
  let last = performance.now();
  const frame = (t) => {
    window.__gaps.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

export const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
export const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
export const r1 = (x) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10) / 10);
