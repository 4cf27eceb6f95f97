import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: browsers that test tools download do not run on these machines. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The web app's folder, served by the dev server in the browser tests. */
export const WEB_ROOT = join(import.meta.dirname, '../../../web');
/** Where the browser tests leave their screenshots (git-ignored). */
export const RESULTS = join(import.meta.dirname, '../../test-results');

/** Launches the machine's Chromium for a browser test, and makes the screenshot folder. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's package first: apt-get install -y chromium`);
  }
  await mkdir(RESULTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
