// Chromium through playwright-core, set up for this closed network, plus the workbench helpers
// both real-editor suites use.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

// Shared with the security suite (test/security/harness.ts). Without the background-networking
// flags Chromium keeps opening connections this machine refuses.
export const CHROMIUM_ARGS = JSON.parse(fs.readFileSync(new URL('../../chromium-flags.json', import.meta.url), 'utf8'));

/**
 * Launches Chromium with a throw-away profile (profileDir, or a new temporary folder); close() removes it.
 * bypassCSP: pages ignore their Content-Security-Policy (only for tests of what lies behind the CSP).
 */
export async function launchBrowser({ executablePath, profileDir, viewport = { width: 1440, height: 900 }, headless = process.env.ENGINEERING_NOTES_TEST_HEADED !== '1', bypassCSP = false } = {}) {
  const profile = profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'engineering-notes-chromium-'));
  fs.mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    args: CHROMIUM_ARGS,
    viewport,
    bypassCSP,
    // The harness handles signals itself (it must stop code-server too).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const close = async () => {
    try {
      await context.close();
    } catch {
      /* already closed */
    }
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/** Waits until the workbench has rendered. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.activitybar').first().waitFor({ state: 'visible', timeout });
}
