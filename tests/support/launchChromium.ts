import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where the system Chromium lives (`CHROMIUM_PATH` overrides). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Starts the real headless Chromium the browser tests use, with background networking off so that the only
 * requests a page makes are its own; `offline` also makes every host name unresolvable (the internet is
 * gone, loopback addresses still work).
 */
export async function launchChromium(options: { offline?: boolean } = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Offline: no host name resolves, so only pages on a loopback IP address can be reached.
      ...(options.offline ? ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] : []),
    ],
  });
}
