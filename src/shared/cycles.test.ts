/**
 * Layers import downward only: no two modules of src/ import each other,
 * directly or round a loop, even lazily through `import()` or for types
 * alone. A cycle makes load order matter and every change to one module a
 * change to all of them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const sourceFile = /\.tsx?$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return sourceFile.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Drops comments and the insides of template literals' text, keeping string literals (the specifiers). */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

// import x from '…', import type {…} from '…', export {…} from '…', export * from '…', import '…', import('…')
const importForms = [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g];

/** The module specifiers a source text imports (static, re-exported, side-effect and lazy). */
export function specifiers(src: string): string[] {
  const text = stripComments(src);
  const out = new Set<string>();
  for (const re of importForms) for (const m of text.matchAll(re)) out.add(m[1]);
  return [...out];
}

function resolveLocal(from: string, spec: string, files: Set<string>): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx'), base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx')]) {
    if (files.has(c)) return c;
  }
  return null;
}

/** Every cycle as a strongly connected component (Tarjan), each a list of files. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

function importGraph(): Map<string, string[]> {
  const files = walk(join(root, 'src'));
  const set = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps = specifiers(readFileSync(f, 'utf8'))
      .map((s) => resolveLocal(f, s, set))
      .filter((d): d is string => d !== null);
    graph.set(f, deps);
  }
  return graph;
}

describe('import cycles', () => {
  it('reads every import form, lazy ones included, and skips comments', () => {
    const src = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export * from './c';",
      "export { d } from './d';",
      "import './e.css';",
      "const f = await import('./f');",
      "import {\n  g,\n  h,\n} from './gh';",
      "// import { x } from './commented';",
      "/* import('./blocked') */",
    ].join('\n');
    expect(specifiers(src).sort()).toEqual(['../b', './a', './c', './d', './e.css', './f', './gh']);
  });

  it('finds a loop of three and a module importing itself', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('sees the whole source tree', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const edges = [...graph.values()].reduce((n, d) => n + d.length, 0);
    expect(edges).toBeGreaterThan(200);
  });

  it('finds no cycle in src/', () => {
    const cycles = findCycles(importGraph()).map((c) => c.map((f) => relative(root, f)).join(' ↔ '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });
});
