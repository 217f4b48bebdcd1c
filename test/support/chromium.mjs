// Debian's Chromium, headless, for the tests and benchmarks that look at a page: no sandbox (CI
// runs as root), nothing fetched behind the page's back, a fresh profile each time.
import { chromium } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A browser with its own profile directory (`userDataDir`, which must be new).
 * @param {string} userDataDir
 * @param {{ width: number, height: number }} viewport
 */
export function launchChromium(userDataDir, viewport) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    viewport,
  });
}
