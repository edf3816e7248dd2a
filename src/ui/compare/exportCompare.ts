/** The comparison's files: the chart as a PNG (its SVGs painted onto a canvas with a legend) and the curves as CSV. */
import { downloadFiles } from '../library/files';
import { compareCsv, type CompareRun } from './runs';

const BG = '#0b0e1d';

/** Loads an SVG element as an image (styles it needs are attributes, as recharts writes them). */
function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('The chart could not be drawn as an image.'));
    };
    img.src = url;
  });
}

/** Paints the charts in `figures` (their captions, then their SVGs) under a legend of `runs`, as PNG bytes. */
export async function chartPng(figures: HTMLElement[], runs: { name: string; color: string }[], title: string): Promise<Blob> {
  const parts = await Promise.all(
    figures.map(async (f) => {
      const svg = f.querySelector<SVGSVGElement>('svg.recharts-surface');
      if (!svg) throw new Error('The chart is not drawn yet.');
      return { caption: f.querySelector('figcaption')?.textContent ?? '', img: await svgImage(svg), w: svg.getBoundingClientRect().width, h: svg.getBoundingClientRect().height };
    }),
  );
  const scale = 2;
  const pad = 24;
  const width = Math.max(640, ...parts.map((p) => p.w)) + pad * 2;
  const legendH = 28 + runs.length * 22;
  const height = pad + 28 + legendH + parts.reduce((a, p) => a + 26 + p.h + 16, 0) + pad;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw images.');
  ctx.scale(scale, scale);
  ctx.fillStyle = BG;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#e9ebf8';
  ctx.font = '600 18px system-ui, sans-serif';
  let y = pad + 18;
  ctx.fillText(title, pad, y);
  y += 24;
  ctx.font = '14px system-ui, sans-serif';
  for (const r of runs) {
    ctx.fillStyle = r.color;
    ctx.fillRect(pad, y - 4, 18, 4);
    ctx.fillStyle = '#e9ebf8';
    ctx.fillText(r.name, pad + 26, y);
    y += 22;
  }
  y += 10;
  for (const p of parts) {
    ctx.fillStyle = '#b6bbda';
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText(p.caption, pad, y + 14);
    y += 26;
    ctx.drawImage(p.img, pad, y, p.w, p.h);
    y += p.h + 16;
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The image could not be made.'))), 'image/png'));
}

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');

/** Downloads the comparison's curves as CSV. */
export async function exportCompareCsv(runs: CompareRun[]): Promise<void> {
  await downloadFiles([{ name: `digit-lab-compare-${stamp()}.csv`, type: 'text/csv', data: compareCsv(runs) }]);
}

/** Downloads the comparison's charts as one PNG. */
export async function exportComparePng(figures: HTMLElement[], runs: { name: string; color: string }[]): Promise<void> {
  const blob = await chartPng(figures, runs, 'Digit Lab: runs compared');
  await downloadFiles([{ name: `digit-lab-compare-${stamp()}.png`, type: 'image/png', data: await blob.arrayBuffer() }]);
}
