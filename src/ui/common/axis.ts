/** Chart axes computed in our code: round ticks, so a chart never measures its labels (a forced layout per label on every update). */

export interface Axis {
  domain: [number, number];
  ticks: number[];
}

/** Round ticks from `lo` to at least `hi` (1, 2, 2.5 or 5 × a power of ten apart), at most `maxTicks` of them. */
export function niceAxis(lo: number, hi: number, maxTicks = 6): Axis {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) {
    const base = Number.isFinite(lo) ? lo : 0;
    return { domain: [base, base + 1], ticks: [base, base + 1] };
  }
  const raw = (hi - lo) / Math.max(1, maxTicks - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9))!;
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [ticks[0], ticks.at(-1)!], ticks };
}

