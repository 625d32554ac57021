// Small helpers for driving the VS Code workbench as a user does (selectors held on VS Code 1.139).

import fs from 'node:fs';
import path from 'node:path';

export const sel = {
  workbench: '.monaco-workbench',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRows: '.quick-input-widget .quick-input-list .monaco-list-row',
  sidebarRows: '.part.sidebar .pane-body .monaco-list-row',
  sidebarTitle: '.part.sidebar .composite.title',
  tabs: '.tabs-container .tab',
  codeLens: '.monaco-editor .codelens-decoration a',
  activityEntry: (title) => `.activitybar .action-label[aria-label^="${title}"]`,
};

/** The reader's own document: two iframes deep (the webview host page, then its active frame). */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Runs a command from the palette by its title, e.g. "Engineering Notes: Search". */
export async function runFromPalette(page, title, { exact = true } = {}) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const box = page.locator(sel.quickInputBox);
  await box.waitFor({ state: 'visible' });
  await box.fill(`>${title}`);
  const row = page.locator(sel.quickInputRows).filter({ hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  if (exact) {
    const label = (await row.locator('.label-name').first().textContent())?.trim();
    if (label !== title) throw new Error(`the palette's first match for "${title}" is "${label}"`);
  }
  await row.click();
}

/** Opens a file of the workspace through Quick Open (Ctrl+P), as a user would. */
export async function quickOpen(page, fileName) {
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  const box = page.locator(sel.quickInputBox);
  await box.waitFor({ state: 'visible' });
  await box.fill(fileName);
  const row = page.locator(sel.quickInputRows).filter({ hasText: fileName }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`${sel.tabs}[aria-label^="${fileName}"], ${sel.tabs}:has-text("${fileName}")`).first().waitFor({ state: 'visible' });
}

export async function closeQuickInput(page) {
  if (await page.locator(sel.quickInput).isVisible()) {
    await page.keyboard.press('Escape');
    await page.locator(sel.quickInput).waitFor({ state: 'hidden' });
  }
}

/** Labels of the visible rows of the side bar's tree, with their depth (aria-level). */
export async function sidebarRows(page) {
  return page.locator(sel.sidebarRows).evaluateAll((rows) =>
    rows.map((r) => ({
      label: (r.querySelector('.label-name')?.textContent ?? r.textContent ?? '').trim(),
      level: Number(r.getAttribute('aria-level') ?? 0),
      expanded: r.getAttribute('aria-expanded'),
    })),
  );
}

/** Saves a screenshot as `<dir>/<name>.png` and returns its path. */
export async function shoot(page, dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Polls fn() until it returns a truthy value; throws the last error or `message` after timeout ms. */
export async function until(fn, { timeout = 15_000, interval = 200, message = 'condition not met' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw last ?? new Error(`${message} (after ${timeout} ms)`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
