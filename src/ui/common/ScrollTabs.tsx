/**
 * The section tab bar. Where the tabs do not fit (a phone in portrait), the
 * clipped edge fades out and the bar says it scrolls, so "Library" is never
 * silently cut off; the current tab is scrolled into view.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function ScrollTabs({ children, current }: { children: ReactNode; current: string }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const nav = ref.current;
    if (!nav) return;
    const update = () => {
      const more = nav.scrollWidth - nav.clientWidth > 1;
      const start = more && nav.scrollLeft > 1;
      const end = more && nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 1;
      nav.dataset.overflow = start && end ? 'both' : start ? 'start' : end ? 'end' : 'none';
    };
    update();
    nav.addEventListener('scroll', update, { passive: true });
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    ro?.observe(nav);
    return () => {
      nav.removeEventListener('scroll', update);
      ro?.disconnect();
    };
  }, []);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [current]);
  return (
    <nav ref={ref} className="tabs" aria-label="Sections" data-testid="tabs" data-overflow="none">
      {children}
    </nav>
  );
}
