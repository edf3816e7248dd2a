/** The CSS keeps to its scale: font sizes from the --fs-* tokens, and five breakpoints (styles.css says which). */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cssFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? cssFiles(p) : p.endsWith('.css') ? [p] : [];
  });
}

const files = cssFiles('src/ui').map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const BREAKPOINTS = new Set([560, 760, 960, 1100, 1600]);
/** Display sizes of single big elements (the answer digit), not text styles. */
const DISPLAY = new Set(['40px', '54px', '68px']);

describe('the CSS scale', () => {
  it('finds the stylesheets', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('sets every font size from a --fs token (or a relative or fluid size)', () => {
    const loose: string[] = [];
    for (const { path, text } of files) {
      for (const m of text.matchAll(/font-size:\s*([^;]+);/g)) {
        const v = m[1].trim();
        if (/^var\(--fs-[a-z0-9]+\)$/.test(v) || /^clamp\(/.test(v) || /em$/.test(v) || v === 'inherit' || DISPLAY.has(v)) continue;
        loose.push(`${path}: ${v}`);
      }
    }
    expect(loose).toEqual([]);
  });

  it('uses only the five breakpoints', () => {
    const other: string[] = [];
    for (const { path, text } of files) {
      for (const m of text.matchAll(/\((?:min|max)-width:\s*(\d+)px\)/g)) if (!BREAKPOINTS.has(Number(m[1]))) other.push(`${path}: ${m[0]}`);
    }
    expect(other).toEqual([]);
  });

  it('derives tints of the theme colours from their tokens (no copied rgb values)', () => {
    const THEME = ['63 210 154', '255 107 129', '244 182 90', '141 130 255', '109 94 252'];
    const copies = files.flatMap(({ path, text }) => THEME.filter((c) => text.includes(`rgb(${c}`)).map((c) => `${path}: rgb(${c} …)`));
    expect(copies).toEqual([]);
  });

  it('defines every --fs token it uses', () => {
    const root = files.find((f) => f.path.endsWith('styles.css'))!.text;
    const used = new Set(files.flatMap((f) => [...f.text.matchAll(/var\((--fs-[a-z0-9]+)\)/g)].map((m) => m[1])));
    for (const t of used) expect(root, t).toContain(`${t}:`);
  });
});
