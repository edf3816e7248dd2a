/**
 * Text contrast where axe cannot measure it: axe leaves text over a CSS
 * gradient "for review" (every card here has one). This walks each visible
 * text element's backgrounds up to an opaque one, tries every gradient stop,
 * blends translucent layers and ancestor opacity, and reports the worst
 * contrast below WCAG AA (4.5:1, or 3:1 for large text).
 */
import type { Page } from '@playwright/test';

export interface ContrastProblem {
  text: string;
  ratio: number;
  required: number;
  fg: string;
  bg: string;
  where: string;
}

/**
 * Every visible, enabled text element below AA contrast on the page once its CSS transitions have ended: a button
 * that has just been enabled fades from opacity 0.45 to 1 over 0.15 s, and read in between it measured 3.66:1
 * (session 19, the codes view's pin button as the lab worker's answer arrived). Transitions only: they end, and a
 * looping animation (a spinner) would not.
 */
export function contrastProblems(page: Page): Promise<ContrastProblem[]> {
  return page.evaluate(async () => {
    // Again while new ones start (a React commit can begin one while we wait), a few rounds at most.
    for (let round = 0; round < 5; round++) {
      const running = document.getAnimations().filter((a) => a instanceof CSSTransition && a.playState === 'running');
      if (running.length === 0) break;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
    }
    type C = [number, number, number, number];
    // Computed colours come as rgb()/rgba(), or as color(srgb r g b / a) where color-mix() made them.
    const parse = (s: string): C[] =>
      [...s.matchAll(/rgba?\(([^)]+)\)|color\(srgb ([^)]+)\)/g)].map((m) => {
        const p = (m[1] ?? m[2]).split(/[\s,/]+/).filter(Boolean).map(Number);
        const k = m[1] ? 1 : 255;
        return [p[0] * k, p[1] * k, p[2] * k, p.length > 3 ? p[3] : 1];
      });
    const over = (top: C, under: C): C => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1) as C;
    const lum = (c: C) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a: C, b: C) => {
      const [x, y] = [lum(a), lum(b)];
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    const hex = (c: C) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
    /** Possible background colours behind `el`: every stop of every gradient on the way down to an opaque layer. */
    const backgrounds = (el: Element): C[] => {
      const layers: C[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        // A gradient clipped to the text paints the letters, not what is behind them.
        const clipped = cs.backgroundClip === 'text' || cs.getPropertyValue('-webkit-background-clip') === 'text';
        const stops = cs.backgroundImage.includes('gradient') && !clipped ? parse(cs.backgroundImage) : [];
        const color = parse(cs.backgroundColor)[0];
        if (stops.length) layers.push(stops);
        if (color && color[3] > 0) layers.push([color]);
        if ((color && color[3] >= 1) || (stops.length && stops.every((s) => s[3] >= 1) && !cs.backgroundImage.includes('transparent'))) break;
      }
      let cands: C[] = [[0, 0, 0, 1]];
      for (const layer of layers.reverse()) {
        const next: C[] = [];
        for (const top of layer) for (const under of cands) next.push(over(top, under));
        cands = next.slice(0, 64);
      }
      return cands;
    };
    const out: { text: string; ratio: number; required: number; fg: string; bg: string; where: string }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('svg, canvas, [aria-hidden="true"], [inert]')) continue;
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!/[\p{L}\p{N}]/u.test(own)) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) continue;
      if ((el as HTMLButtonElement).disabled || el.closest('[disabled], [aria-disabled="true"]')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) continue;
      const cs = getComputedStyle(el);
      if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || (cs.position === 'absolute' && rect.width <= 1)) continue;
      let opacity = 1;
      for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const clipped = cs.backgroundClip === 'text' || cs.getPropertyValue('-webkit-background-clip') === 'text';
      const fills = clipped ? parse(cs.backgroundImage) : [parse(cs.color)[0]].filter(Boolean);
      if (fills.length === 0) continue;
      const size = parseFloat(cs.fontSize);
      const bold = Number(cs.fontWeight) >= 700;
      const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      let worst = Infinity;
      let worstBg: C = [0, 0, 0, 1];
      let worstFg: C = fills[0];
      for (const bg of backgrounds(el)) {
        for (const fg0 of fills) {
          const fg = over([fg0[0], fg0[1], fg0[2], fg0[3] * opacity], bg);
          const r = ratio(fg, bg);
          if (r < worst) [worst, worstBg, worstFg] = [r, bg, fg];
        }
      }
      if (worst < required - 0.005) {
        const id = el.closest('[data-testid]')?.getAttribute('data-testid');
        out.push({ text: own.slice(0, 40), ratio: Math.round(worst * 100) / 100, required, fg: hex(worstFg), bg: hex(worstBg), where: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${id ? ` in [${id}]` : ''}` });
      }
    }
    return out;
  });
}
