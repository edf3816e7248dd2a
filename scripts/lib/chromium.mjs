/** Headless Chromium for scripts and tests: the system browser with Mesa llvmpipe flags (see DESIGN.md). */
import { existsSync } from 'node:fs';

/** The browser to drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(`No Chromium at ${p}. Install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH to a Chromium/Chrome binary.`);
  }
  return p;
}

/** Flags: WebGL through ANGLE on Mesa's llvmpipe (about 3× SwiftShader), and no network chatter. */
export const CHROMIUM_ARGS = [
  '--use-gl=angle',
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];
