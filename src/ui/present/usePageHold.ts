/**
 * What entering presentation mode does to the page, undone on leaving: the
 * app underneath becomes inert (no focus, no clicks, hidden from screen
 * readers) and stops scrolling, the view asks for full screen, and focus and
 * scroll position go back where they were. Leaving full screen by the
 * browser's own means (Esc, F11) leaves presentation mode too.
 */
import { useEffect, type RefObject } from 'react';

export function usePageHold(rootRef: RefObject<HTMLElement | null>, onLeave: () => void): void {
  useEffect(() => {
    const app = document.querySelector<HTMLElement>('.app');
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const scroll = { x: window.scrollX, y: window.scrollY };
    const overflow = document.documentElement.style.overflow;
    const wasInert = app?.inert ?? false;
    if (app) app.inert = true;
    document.documentElement.style.overflow = 'hidden';
    rootRef.current?.focus();

    let entered = false;
    let leaving = false;
    const root = rootRef.current;
    if (root?.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen({ navigationUI: 'hide' }).then(
        () => {
          entered = true;
        },
        // Refused (no user gesture, an iframe, a kiosk): the view still fills the window.
        () => undefined,
      );
    }
    const onFullscreen = () => {
      if (entered && !document.fullscreenElement && !leaving) onLeave();
    };
    document.addEventListener('fullscreenchange', onFullscreen);

    return () => {
      leaving = true;
      document.removeEventListener('fullscreenchange', onFullscreen);
      if (document.fullscreenElement && document.fullscreenElement === root) void document.exitFullscreen().catch(() => undefined);
      if (app) app.inert = wasInert;
      document.documentElement.style.overflow = overflow;
      window.scrollTo(scroll.x, scroll.y);
      opener?.focus({ preventScroll: true });
    };
    // Once per visit: onLeave is the opener's stable callback.
  }, []);
}
