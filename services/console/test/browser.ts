import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium); STATLEDGER_CHROMIUM names another. */
export const CHROMIUM = process.env.STATLEDGER_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here; with STATLEDGER_REQUIRE_CHROMIUM (CI) a missing browser is an error. */
export function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk, or set STATLEDGER_CHROMIUM`;
  if (process.env.STATLEDGER_REQUIRE_CHROMIUM) throw new Error(reason);
  console.warn(`[statledger] SKIPPED console browser tests: ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every error the page logs or throws, so a test can fail on any. */
export function collectErrors(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
}
