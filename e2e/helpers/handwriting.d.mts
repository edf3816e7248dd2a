/** Types for handwriting.mjs (synthetic handwriting styles for tests and the Teach report). */
export type Template = [number, number][][];
export type Drawing = { x: number; y: number }[][];

export function rng(seed: number): () => number;
export const SEVEN_SEGMENT: Record<number, Template>;
export const FLAG_ONE: Template;
export function jitter(template: Template, seed: number, opts?: { slant?: number; scale?: number; offset?: number; wobble?: number; step?: number }): Drawing;
export function styleSet(style: Record<number, Template>, perDigit: number, seed: number, opts?: Parameters<typeof jitter>[2]): { label: number; strokes: Drawing }[];
