import { describe, expect, it } from 'vitest';
import type { Point, Stroke } from '../../shared/preprocess';
import { resumeAt, type Painted } from './paint';

const pt = (x: number, y: number): Point => ({ x, y });

describe('resumeAt: what a move needs painted', () => {
  const a: Stroke = [pt(1, 1), pt(2, 2), pt(3, 3)];
  const painted = (strokes: readonly Stroke[]): Painted => ({ strokes, viewSize: 280, width: 560 });

  it('continues the stroke being drawn from its last painted point', () => {
    const extended = [...a, pt(4, 4), pt(5, 5)];
    expect(resumeAt(painted([a]), [extended], 280, 560)).toEqual({ stroke: 0, point: 2 });
  });

  it('paints only a new stroke when the earlier ones are unchanged', () => {
    const b: Stroke = [pt(9, 9)];
    expect(resumeAt(painted([a]), [a, b], 280, 560)).toEqual({ stroke: 1, point: 0 });
    expect(resumeAt(painted([]), [a], 280, 560)).toEqual({ stroke: 0, point: 0 });
  });

  it('repaints everything after undo, clear, a resize or a rescaled drawing', () => {
    const b: Stroke = [pt(9, 9), pt(8, 8)];
    expect(resumeAt(painted([a, b]), [a], 280, 560)).toBeNull();
    expect(resumeAt(painted([a]), [], 280, 560)).toBeNull();
    expect(resumeAt(painted([a]), [a], 300, 560)).toBeNull();
    expect(resumeAt(painted([a]), [a], 280, 600)).toBeNull();
    expect(resumeAt(painted([a]), [a.map((p) => ({ ...p }))], 280, 560)).toBeNull();
    expect(resumeAt(null, [a], 280, 560)).toBeNull();
  });

  it('repaints when an earlier stroke was replaced', () => {
    const b: Stroke = [pt(9, 9), pt(8, 8)];
    expect(resumeAt(painted([a, b]), [[...a], b, [pt(0, 0)]], 280, 560)).toBeNull();
  });
});
