import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt: chromium); playwright-core never downloads a browser here. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter(Boolean) as string[];

export const chromiumPath = CANDIDATES.find((candidate) => existsSync(candidate));

/**
 * Outside CI a missing Chromium skips the browser tests, loudly; under CI=true it fails them,
 * so a green CI always means the pages were really driven.
 */
export function browserAvailability(): { available: boolean } {
  if (chromiumPath) return { available: true };
  const message = 'Chromium not found (apt-get install chromium, or set CHROMIUM_PATH): browser tests cannot run';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n⚠️  SKIPPING BROWSER TESTS — ${message}\n`);
  return { available: false };
}

/**
 * Headless Chromium with WebGL on Mesa's llvmpipe (3–8× faster than SwiftShader for deck.gl),
 * and none of the background networking this machine's closed network would refuse.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
}

/**
 * A phone's browser with a profile of its own in `userDataDir` (not incognito, as `newContext`'s
 * are): what a web app must have to be installable.
 */
export function launchPhoneProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath!,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
}

/** Signs in on the wall's login form with the demo account. */
export async function signInToWall(page: Page): Promise<void> {
  await page.fill('input[name=username]', 'wall');
  await page.fill('input[name=password]', 'wall-demo');
  await page.click('button[type=submit]');
}

/**
 * Counts the frames the wall's deck.gl canvas draws (each frame clears it once), from the page's
 * first script on: `framesDrawn(page)` reads the count so far.
 */
export async function countMapFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counted = window as unknown as { __mapFrames: number };
    counted.__mapFrames = 0;
    const clear = WebGL2RenderingContext.prototype.clear;
    WebGL2RenderingContext.prototype.clear = function (mask: number) {
      if ((this.canvas as HTMLCanvasElement).id === 'deckgl-overlay') counted.__mapFrames++;
      return clear.call(this, mask);
    };
  });
}

export const framesDrawn = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __mapFrames: number }).__mapFrames);
