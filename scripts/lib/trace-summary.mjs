/**
 * Where a Chromium trace's time went: CPU and wall time of every thread's
 * top-level tasks (renderer main, compositor, raster, GPU process…), and the
 * renderer main thread's time by phase (script, style, layout, paint…).
 *
 *   node scripts/lib/trace-summary.mjs trace.json
 */
import { readFileSync } from 'node:fs';

/** Main-thread phases worth naming; inclusive times (a phase may contain another). */
const PHASES = [
  'EventDispatch', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'V8.GC_SCAVENGER', 'MajorGC', 'MinorGC',
  'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'PaintImage', 'Layerize', 'UpdateLayer', 'Commit',
  'ProxyMain::BeginMainFrame', 'HitTest', 'ParseHTML',
];
/** Compositor / raster / GPU work worth naming. */
const OTHER = ['RasterTask', 'TileManager::FlushAndIssueSignals', 'ProxyImpl::ScheduledActionDraw', 'Display::DrawAndSwap', 'SkiaOutputSurfaceImplOnGpu::SwapBuffers', 'GpuChannel::ExecuteDeferredRequest', 'CommandBufferStub::OnAsyncFlush', 'GLES2DecoderImpl::HandleDrawArrays', 'RasterDecoderImpl::DoEndRasterCHROMIUM', 'PaintOpBuffer::Playback', 'GPUTask'];

/**
 * Summarises `trace` (a Buffer, string or parsed trace) between `from` and `to`
 * (trace clock, µs; default: whole trace).
 */
export function summarizeTrace(trace, { from = -Infinity, to = Infinity } = {}) {
  const parsed = typeof trace === 'string' || Buffer.isBuffer(trace) ? JSON.parse(trace.toString()) : trace;
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const proc = new Map();
  const thread = new Map();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'process_name') proc.set(e.pid, e.args?.name);
    if (e.name === 'thread_name') thread.set(`${e.pid}:${e.tid}`, e.args?.name);
  }
  const inWindow = (e) => e.ts >= from && e.ts <= to;
  const label = (e) => `${proc.get(e.pid) ?? e.pid} / ${thread.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
  const threads = {};
  const phases = {};
  const other = {};
  for (const e of events) {
    if (e.ph !== 'X' || !inWindow(e)) continue;
    const name = label(e);
    const ms = (e.dur ?? 0) / 1000;
    const cpu = (e.tdur ?? e.dur ?? 0) / 1000;
    if (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'ThreadPool_RunTask') {
      const t = (threads[name] ??= { tasks: 0, wallMs: 0, cpuMs: 0, maxCpuMs: 0 });
      t.tasks++;
      t.wallMs += ms;
      t.cpuMs += cpu;
      t.maxCpuMs = Math.max(t.maxCpuMs, cpu);
    }
    if (PHASES.includes(e.name) && /CrRendererMain/.test(name)) {
      const p = (phases[e.name] ??= { count: 0, ms: 0, cpuMs: 0 });
      p.count++;
      p.ms += ms;
      p.cpuMs += cpu;
    }
    if (OTHER.includes(e.name)) {
      const key = `${e.name} @ ${name}`;
      const p = (other[key] ??= { count: 0, ms: 0 });
      p.count++;
      p.ms += ms;
    }
  }
  const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([a, b]) => [a, Math.round(b * 10) / 10]))]));
  const byCpu = (o) => Object.fromEntries(Object.entries(o).sort((a, b) => (b[1].cpuMs ?? b[1].ms) - (a[1].cpuMs ?? a[1].ms)));
  return { threads: round(byCpu(threads)), mainThreadPhases: round(byCpu(phases)), gpuAndRaster: round(byCpu(other)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(summarizeTrace(readFileSync(process.argv[2])), null, 2));
}
