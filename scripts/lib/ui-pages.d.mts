/** Types for ui-pages.mjs (bench:ui's page-side pieces, shared with e2e/responsive.spec.ts). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export const DIGITS: Record<number, [number, number][][]>;
export const ORDER: number[];
export function densify(stroke: [number, number][], box: Box, stepPx: number): [number, number][];
export function plainPage(box: Box, lineWidthRatio: number): string;
export function drawTimed(page: import('@playwright/test').Page, box: Box, digit: number, stepPx?: number): Promise<{ down: number[]; hover: number[] }>;
export function installAnswerProbe(): void;
export function installFrameProbe(): void;
export function pct(xs: number[], p: number): number | null;
export function mean(xs: number[]): number | null;
export function r1(x: number | null): number | null;
