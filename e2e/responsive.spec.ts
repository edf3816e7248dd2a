/**
 * How the Draw tab feels, asserted as loose ceilings derived from
 * `npm run bench:ui` (BENCHMARKS.md, "UI feel, session 8"), so a regression
 * fails here instead of only moving a number in a table. The targets
 * (#15) are tighter: pointer-up → answer p95 ≤ 100 ms, no frame gap over
 * 250 ms on Draw while the default CNN trains. The ceilings leave room for
 * this shared 2-core machine's load (its load average reached 25–30 while they
 * were set) and still fail what was measured before the fixes: a training run
 * that queues more than one batch ahead of the page's frames (19-s gaps,
 * session 3). A pointer move against a plain canvas: moves.spec.ts.
 * Each test also reports its figures as annotations.
 */
import type { Page } from '@playwright/test';
import { Drawing, expect, test } from './fixtures';

/** Ceilings (see the header): answer latency, frame gaps while training. */
// Idle: the first answers after ready, p95 24–36 ms in `npm run bench:ui` (load 2–4). The infer worker no longer brings
// tfjs's WebGL backend up behind them (the full suite measured 393 ms, then 162 ms, while it did).
const ANSWER_P95_MAX_MS = 300;
const ANSWER_P95_TRAINING_MAX_MS = 1500;
const FRAME_GAP_TRAINING_MAX_MS = 1000;
/** The switch from Train to Draw while training: the new tab's first frames wait for raster beside the batch in flight. */
const SWITCH_GAP_TRAINING_MAX_MS = 2500;

interface PerfProbe {
  longTasks: { start: number; duration: number }[];
  /** pointer-up → data-pending="false", and → the next animation frame after it. */
  latencies: { toAnswer: number; toFrame: number }[];
  /** Pointer-ups at which the final answer was already shown. */
  alreadyShown: number;
  t0: number | null;
  /** Input delay of each pointermove: dispatch time minus the event's timestamp. */
  inputDelays: number[];
  /** Gaps between animation frames. */
  frameGaps: number[];
}

declare global {
  interface Window {
    __perf?: PerfProbe;
  }
}

function installProbe(): void {
  const perf: PerfProbe = { longTasks: [], latencies: [], alreadyShown: 0, t0: null, inputDelays: [], frameGaps: [] };
  window.__perf = perf;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: nothing recorded.
  }
  const prediction = () => document.querySelector('[data-testid="prediction"]');
  document.addEventListener('pointermove', (e) => perf.inputDelays.push(performance.now() - e.timeStamp), true);
  let last = performance.now();
  const frame = (t: number) => {
    perf.frameGaps.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener(
    'pointerup',
    (e) => {
      // Only strokes on the canvas (not clicks on Clear).
      if (!(e.target instanceof Element) || e.target.getAttribute('data-testid') !== 'draw-canvas') return;
      if (prediction()?.getAttribute('data-pending') === 'true') perf.t0 = performance.now();
      else perf.alreadyShown++;
    },
    true,
  );
  // Observes the document node: an init script runs before <html> exists.
  new MutationObserver(() => {
    const t0 = perf.t0;
    if (t0 === null || prediction()?.getAttribute('data-pending') !== 'false') return;
    perf.t0 = null;
    const toAnswer = performance.now() - t0;
    requestAnimationFrame(() => perf.latencies.push({ toAnswer, toFrame: performance.now() - t0 }));
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-pending'] });
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The page's main-thread tasks from a Chromium trace, by CPU time (`tdur`):
 * unlike a long task's wall time, CPU time does not grow when the thread
 * waits for a core on a crowded machine, so it measures the page's own work.
 */
function mainThreadTasks(trace: Buffer): { count: number; cpuMax: number; cpuOver50: number; wallMax: number } {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`));
  const cpu = tasks.map((t) => (t.tdur ?? t.dur ?? 0) / 1000);
  return {
    count: tasks.length,
    cpuMax: Math.round(Math.max(0, ...cpu)),
    cpuOver50: cpu.filter((c) => c > 50).length,
    wallMax: Math.round(Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000))),
  };
}

/** Most time spent drawing; enough for 10+ digits on an idle machine. */
const DRAW_BUDGET_MS = Number(process.env.DRAW_BUDGET_MS ?? 90_000);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

/** Simplest digits first: on a starved machine each mouse move can take seconds. */
const ORDER = [1, 7, 4, 2, 3, 5, 9, 6, 8, 0];

/** Draws digits (each read before the next) until `minDigits` and `minMs` are reached, or `budgetMs` is spent. */
async function drawDigits(page: Page, minDigits: number, minMs: number, budgetMs: number): Promise<number> {
  const prediction = page.getByTestId('prediction');
  const started = Date.now();
  let digits = 0;
  while ((digits < minDigits || Date.now() - started < minMs) && Date.now() - started < budgetMs) {
    if (await page.getByTestId('clear').isEnabled()) await page.getByTestId('clear').click();
    await new Drawing(page).digit(ORDER[digits % 10], { steps: 1 });
    await expect(prediction).toHaveAttribute('data-pending', 'false', { timeout: 60_000 });
    await expect(prediction).toHaveAttribute('data-digit', /^\d$/);
    digits++;
  }
  return digits;
}

/** Takes the probe's figures since the last call, and starts a fresh count. */
async function takeFigures(page: Page, since: number) {
  const probe = (await page.evaluate(() => {
    const p = window.__perf!;
    const copy = JSON.parse(JSON.stringify(p)) as PerfProbe;
    Object.assign(p, { latencies: [], alreadyShown: 0, inputDelays: [], frameGaps: [] });
    return copy;
  })) as PerfProbe;
  const tasks = probe.longTasks.filter((t) => t.start >= since);
  // A pointer-up whose answer was already on screen counts as 0 ms.
  const answer = [...probe.latencies.map((l) => l.toAnswer), ...Array<number>(probe.alreadyShown).fill(0)];
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x) : null);
  return {
    pointerUps: answer.length,
    alreadyShown: probe.alreadyShown,
    p50: r(quantile(answer, 0.5)),
    p95: r(quantile(answer, 0.95)),
    max: r(Math.max(...answer)),
    p95ToFrame: r(quantile(probe.latencies.map((l) => l.toFrame), 0.95)),
    inputDelayP50: r(quantile(probe.inputDelays, 0.5)),
    inputDelayP95: r(quantile(probe.inputDelays, 0.95)),
    moves: probe.inputDelays.length,
    longestFrameGap: r(probe.frameGaps.reduce((m, g) => Math.max(m, g), 0)),
    longTasks: tasks.length,
    longestLongTask: r(tasks.reduce((m, t) => Math.max(m, t.duration), 0)),
    longTasksOver50: tasks.filter((t) => t.duration > 50).length,
  };
}

test('drawing stays responsive while the default CNN trains', async ({ page, app }) => {
  test.setTimeout(600_000);
  await page.addInitScript(installProbe);
  await app.open('train');
  await app.modelReady('default');
  const note = (type: string, description: string) => test.info().annotations.push({ type, description });
  const report = (label: string, f: Awaited<ReturnType<typeof takeFigures>>) => {
    note(`${label}: pointer-up → prediction p50 / p95 / max`, `${f.p50} / ${f.p95} / ${f.max} ms over ${f.pointerUps} pointer-ups (${f.alreadyShown} already answered at pointer-up, counted as 0); p95 to the next frame ${f.p95ToFrame} ms; target p95 < 250 ms`);
    note(`${label}: input delay p50 / p95, longest frame gap`, `${f.inputDelayP50} / ${f.inputDelayP95} ms over ${f.moves} pointer moves; ${f.longestFrameGap} ms`);
    note(`${label}: long tasks`, `${f.longTasks}, longest ${f.longestLongTask} ms, ${f.longTasksOver50} over 50 ms; target none over 50 ms`);
  };

  // Baseline: the same drawing with nothing training.
  await app.open('draw');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true');
  let since = await page.evaluate(() => performance.now());
  await takeFigures(page, since);
  const idleDigits = await drawDigits(page, 3, 0, 60_000);
  const idle = await takeFigures(page, since);
  console.log(`[responsive] idle ${JSON.stringify({ digits: idleDigits, ...idle })}`);
  report('idle', idle);

  await app.open('train');
  const status = page.getByTestId('train-status');
  await page.getByRole('radio', { name: /Digit Lab CNN/ }).check();
  since = await page.evaluate(() => performance.now());
  // Traced from the click on Train (charts mounting) to the end of the drawing.
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['toplevel'] });
  await page.getByTestId('train-start').click();
  await expect(status).toHaveAttribute('data-state', 'training', { timeout: 180_000 });
  const batchesBefore = Number(await status.getAttribute('data-batches'));
  // One batch's time before any drawing holds the trainer: a frame may wait for the one batch already issued, no more.
  await expect.poll(async () => Number(await status.getAttribute('data-samples-per-sec')), { timeout: 180_000 }).toBeGreaterThan(0);
  const batchMs = (1000 * (await page.evaluate(() => (() => { const r = window.__digitLab!.store.getState().trainRun; return r.state === 'idle' ? 0 : (r.config?.batchSize ?? 0); })()))) / Number(await status.getAttribute('data-samples-per-sec'));

  const switchSince = await page.evaluate(() => performance.now());
  // The switch from Train: the Train tab's own frames (charts) end here.
  await takeFigures(page, switchSince);
  await app.open('draw');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true');
  // The switch's frames: the new tab's tiles are rastered in the GPU process that runs the batches (training pauses for 2 s on a switch).
  await page.waitForTimeout(3000);
  const drawSince = await page.evaluate(() => performance.now());
  const switched = await takeFigures(page, switchSince);
  note('switching from Train to Draw while training: longest frame gap in the first 3 s', `${switched.longestFrameGap} ms`);
  // Long tasks on the Train tab itself (charts mounting and updating) until the switch to Draw.
  const trainTab = await page.evaluate(
    ([a, b]) => window.__perf!.longTasks.filter((t) => t.start >= a && t.start < b).map((t) => Math.round(t.duration)),
    [since, drawSince] as const,
  );
  note('Train tab, loading and first batches: long tasks (ms)', trainTab.length ? trainTab.join(', ') : 'none');
  // At least 20 s and 10 digits; but on a software GPU the compositor shares the GPU process with
  // training, so input can crawl: stop after DRAW_BUDGET_MS whatever the count, and report.
  const started = Date.now();
  const digits = await drawDigits(page, 10, 20_000, DRAW_BUDGET_MS);
  const seconds = Math.round((Date.now() - started) / 1000);
  const busy = await takeFigures(page, drawSince);
  const cpu = mainThreadTasks(await browser.stopTracing());
  console.log(`[responsive] main-thread tasks from Train to the end of drawing, by CPU time ${JSON.stringify(cpu)}`);
  note('from Train (both tabs) to the end of drawing: main-thread tasks by CPU time', `${cpu.count} tasks, longest ${cpu.cpuMax} ms of CPU (${cpu.wallMax} ms of wall time), ${cpu.cpuOver50} over 50 ms of CPU`);

  await app.open('train');
  const batchesRun = Number(await status.getAttribute('data-batches')) - batchesBefore;
  const samplesPerSec = Number(await status.getAttribute('data-samples-per-sec'));
  console.log(`[responsive] training ${JSON.stringify({ digits, seconds, batchesRun, samplesPerSec, trainTabLongTasks: trainTab, ...busy })}`);
  report('while training', busy);
  note('training meanwhile', `${batchesRun} batches since the start, drawing for ${seconds} s (${digits} digits drawn), ${samplesPerSec} samples/s; one batch took ≈ ${Math.round(batchMs)} ms before drawing began`);

  await page.getByTestId('train-stop').click();

  // Idle, every digit asked for is drawn and read within its budget. While training, the budget cuts the loop short
  // when drawing crawls: on this machine under a load average of 25-30 a batch took ~21 s and 4-5 of the 10 digits
  // fitted in 90 s (both before and after #15), so the floor is 3; a trainer that queued batches ahead of the page's
  // frames (session 3's 19-s gaps at every frame) draws fewer.
  expect(idleDigits, 'idle: digits drawn and read').toBe(3);
  expect(digits, 'while training: digits drawn and read (10 asked for)').toBeGreaterThanOrEqual(3);
  expect(busy.pointerUps).toBeGreaterThanOrEqual(digits);
  expect(batchesRun, 'the run trained (it gives way while a stroke is drawn or coming, so mostly before and between)').toBeGreaterThan(0);
  expect.soft(idle.p95 ?? Infinity, 'idle: pointer-up → answer p95 (ms)').toBeLessThanOrEqual(ANSWER_P95_MAX_MS);
  expect.soft(busy.p95 ?? Infinity, 'while training: pointer-up → answer p95 (ms)').toBeLessThanOrEqual(ANSWER_P95_TRAINING_MAX_MS);
  // Software WebGL runs a batch in the GPU process that also composites the page, and a batch is one submission: the
  // frame that comes while one runs waits for it. The trainer issues none while a stroke is drawn (worker/train/hold.ts),
  // so no frame waits for more than that one batch; on a machine loaded enough that a batch outlasts the ceiling, one batch.
  expect.soft(busy.longestFrameGap ?? Infinity, `while training: longest frame gap on Draw (ms; one batch ≈ ${Math.round(batchMs)} ms)`).toBeLessThanOrEqual(Math.max(FRAME_GAP_TRAINING_MAX_MS, 1.5 * batchMs));
  expect.soft(switched.longestFrameGap ?? Infinity, `switching to Draw while training: longest frame gap (ms; one batch ≈ ${Math.round(batchMs)} ms)`).toBeLessThanOrEqual(Math.max(SWITCH_GAP_TRAINING_MAX_MS, 2 * batchMs));
});
