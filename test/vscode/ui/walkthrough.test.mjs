// The user walk-through: what a person does with Engineering Notes, done in a real workbench
// (code-server + Chromium, driven by playwright-core) and checked on screen. One screenshot per
// step in test-results/vscode-ui/; on failure also failure-*.png and the logs (code-server, the
// extension host, the browser console) in test-results/vscode-ui/logs/.
//
// The steps depend on each other (mocha runs with bail): a later step starts where the last one left.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, waitForWorkbench } from '../lib/browser.mjs';
import { collectLogs, makeStateDir, onInterrupt, removeStateDir, startCodeServer, workbenchUrl } from '../lib/server.mjs';
import { HARNESS_DIR, REPO_ROOT, ensureChromium, ensureCodeServer, ensureNode } from '../lib/setup.mjs';
import { closeQuickInput, quickOpen, runFromPalette, sel, shoot, sidebarRows, until, webviewFrame } from '../lib/workbench.mjs';

const RESULTS = path.resolve(process.env.ENGINEERING_NOTES_TEST_RESULTS_UI ?? path.join(REPO_ROOT, 'test-results', 'vscode-ui'));
const RETRIES_NOTE = 'reliability-under-real-traffic';
const expected = JSON.parse(fs.readFileSync(path.join(HARNESS_DIR, 'fixtures', 'expected.json'), 'utf8'));

describe('Engineering Notes, as a user sees it', function () {
  let server;
  let browser;
  let state;
  let page;
  let step = 0;
  const consoleLines = [];

  const snap = async (name) => {
    step += 1;
    return shoot(page, RESULTS, `${String(step).padStart(2, '0')}-${name}`);
  };
  const reader = () => webviewFrame(page);

  async function cleanup() {
    if (browser) await browser.close();
    browser = undefined;
    if (server) await server.stop();
    server = undefined;
    if (state) removeStateDir(state);
    state = undefined;
  }

  /** The reader's body colours and theme class. */
  async function readerLook() {
    return reader()
      .locator('body')
      .evaluate((b) => {
        const s = getComputedStyle(b);
        return { background: s.backgroundColor, color: s.color, theme: b.getAttribute('data-vscode-theme-kind') ?? b.className };
      });
  }

  async function pickTheme(name) {
    await runFromPalette(page, 'Preferences: Color Theme');
    const box = page.locator(sel.quickInputBox);
    await box.fill(name);
    const row = page.locator(sel.quickInputRows).filter({ hasText: name }).first();
    await row.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator(sel.quickInput).waitFor({ state: 'hidden' });
    // The workbench repaints its parts one after the other: wait for the last (the status bar).
    await until(async () => {
      const a = await page.locator('.part.statusbar').evaluate((e) => getComputedStyle(e).backgroundColor);
      await new Promise((r) => setTimeout(r, 300));
      return a === (await page.locator('.part.statusbar').evaluate((e) => getComputedStyle(e).backgroundColor));
    });
    await page.waitForTimeout(500);
  }

  before(async function () {
    this.timeout(300_000);
    fs.rmSync(RESULTS, { recursive: true, force: true });
    fs.mkdirSync(RESULTS, { recursive: true });
    onInterrupt(cleanup);
    const node = await ensureNode();
    const codeServer = await ensureCodeServer(node);
    const executablePath = await ensureChromium();
    state = makeStateDir('engineering-notes-ui-');
    server = await startCodeServer({ node, entry: codeServer.entry, state, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    browser = await launchBrowser({ executablePath, profileDir: path.join(state.dir, 'chromium') });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    const workspace = process.env.ENGINEERING_NOTES_TEST_WORKSPACE ?? path.join(HARNESS_DIR, 'fixtures', 'workspace');
    await page.goto(workbenchUrl(server, { folder: workspace, payload: [['extensionDevelopmentPath', REPO_ROOT]] }));
    await waitForWorkbench(page);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const name = `failure-${String(step + 1).padStart(2, '0')}-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
    try {
      await shoot(page, RESULTS, name);
    } catch {
      /* the page is gone */
    }
    if (state) {
      const logs = collectLogs(state, path.join(RESULTS, 'logs'));
      fs.writeFileSync(path.join(RESULTS, 'logs', 'browser-console.log'), consoleLines.join('\n') + '\n');
      console.log(`      screenshot ${path.relative(REPO_ROOT, path.join(RESULTS, name + '.png'))}; ${logs.length + 1} logs in ${path.relative(REPO_ROOT, path.join(RESULTS, 'logs'))}`);
    }
  });

  after(async function () {
    this.timeout(30_000);
    await cleanup();
  });

  it('opens the workbench with the extension loaded', async function () {
    await page.locator(sel.activityEntry('Engineering Notes')).waitFor({ state: 'visible' });
    await snap('workbench');
  });

  it('opens the Engineering Notes view and reads the tree', async function () {
    await page.locator(sel.activityEntry('Engineering Notes')).click();
    await page.locator(sel.sidebarTitle).filter({ hasText: /Engineering Notes/i }).waitFor({ state: 'visible' });
    const rows = await until(async () => {
      const r = await sidebarRows(page);
      return r.length >= 3 ? r : undefined;
    }, { message: 'the tree shows no rows' });
    assert.equal(rows[0].label, 'Start here', `the first row is "${rows[0].label}"`);
    const topics = rows.filter((r) => r.level === 1).map((r) => r.label);
    const notes = rows.filter((r) => r.level === 2).map((r) => r.label);
    assert.ok(topics.length >= 2, `topics: ${topics.join(', ')}`);
    assert.ok(notes.length >= 2, `notes: ${notes.join(', ')}`);
    // Expand a note (its twistie) and read its sections.
    const noteRow = page.locator(sel.sidebarRows).filter({ hasText: expected.treeNote.title }).first();
    await noteRow.scrollIntoViewIfNeeded();
    await noteRow.locator('.monaco-tl-twistie').click();
    const sections = await until(async () => {
      const r = await sidebarRows(page);
      const i = r.findIndex((x) => x.label === expected.treeNote.title);
      const s = r.slice(i + 1).filter((x, k, all) => all.slice(0, k + 1).every((y) => y.level === 3)).map((x) => x.label);
      return s.length ? s : undefined;
    }, { message: `"${expected.treeNote.title}" shows no sections` });
    assert.ok(sections.includes(expected.treeNote.section), `sections: ${sections.join(' | ')}`);
    await snap('tree');
  });

  let picked;
  it('searches from the palette and opens the result it picks', async function () {
    await runFromPalette(page, 'Engineering Notes: Search Notes');
    await page.locator(`${sel.quickInput} .quick-input-title`).filter({ hasText: 'Search Engineering Notes' }).waitFor({ state: 'visible' });
    const box = page.locator(sel.quickInputBox);
    await box.pressSequentially(expected.search.query, { delay: 20 });
    const first = page.locator(sel.quickInputRows).first();
    await until(async () => (await first.locator('.label-name').first().textContent())?.trim() === expected.search.title, {
      message: `the first result for "${expected.search.query}" is not "${expected.search.title}"`,
    });
    await snap('search');
    picked = (await first.locator('.label-name').first().textContent()).trim();
    await page.keyboard.press('Enter');
    await reader().locator(`main#note[data-note-id="${expected.search.noteId}"]`).waitFor({ state: 'attached', timeout: 30_000 });
  });

  it('shows the note in the reader', async function () {
    const r = reader();
    const h1 = (await r.locator('main#note h1').first().textContent()).trim();
    assert.equal(h1, picked);
    const text = await r.locator('main#note').innerText();
    assert.ok(text.length > 1000, `the note has only ${text.length} characters`);
    assert.ok((await r.locator('nav.toc a[href^="#"]').count()) >= 3, 'no table of contents');
    assert.ok((await r.locator('pre code').count()) >= 1, 'no code block');
    assert.ok((await r.locator('button.copy').count()) >= 1, 'no copy button');
    // The search landed on a section: the reader scrolled there.
    if (expected.search.sectionIncludes) {
      const section = await r.locator('body').getAttribute('data-section');
      assert.ok(section?.includes(expected.search.sectionIncludes), `the reader is at "${section}"`);
    }
    await snap('reader');
  });

  it('follows a link to another note and goes back', async function () {
    const r = reader();
    const link = r.locator('main#note a[data-note]').first();
    const target = await link.getAttribute('data-note');
    assert.ok(target && target !== expected.search.noteId, `the first note link points at "${target}"`);
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await r.locator(`main#note[data-note-id="${target}"]`).waitFor({ state: 'attached' });
    assert.equal(await r.locator('#back').isDisabled(), false, 'Back is disabled after following a link');
    await snap('followed-link');
    await r.locator('#back').click();
    await r.locator(`main#note[data-note-id="${expected.search.noteId}"]`).waitFor({ state: 'attached' });
    assert.equal(await r.locator('#forward').isDisabled(), false, 'Forward is disabled after going back');
    await snap('back');
  });

  it('opens a file with a retry loop and shows the hint over it', async function () {
    await closeQuickInput(page);
    await quickOpen(page, expected.lensFile.name);
    const lens = page.locator(sel.codeLens).filter({ hasText: expected.lensFile.label });
    await lens.first().waitFor({ state: 'visible', timeout: 30_000 });
    await snap('codelens');
  });

  it('opens the reader at the retries section from the hint', async function () {
    await page.locator(sel.codeLens).filter({ hasText: expected.lensFile.label }).first().click();
    const r = reader();
    await until(async () => (await r.locator('main#note').getAttribute('data-note-id')) === RETRIES_NOTE, {
      timeout: 20_000,
    }).catch(async (err) => {
      // Say what is on screen when it fails: the tab's title and the note the page really shows.
      const tab = await page.locator(`${sel.tabs}.active`).first().innerText().catch(() => '?');
      const shown = await r.locator('main#note').getAttribute('data-note-id').catch(() => '?');
      throw new Error(`the reader does not show ${RETRIES_NOTE} after the hint was clicked: its tab says "${tab.trim()}", its page shows note "${shown}"`, { cause: err });
    });
    const section = await until(async () => {
      const s = await r.locator('body').getAttribute('data-section');
      return s === expected.lensFile.section ? s : undefined;
    }, { message: `the reader is not at "${expected.lensFile.section}"` });
    assert.match(section, /retr/);
    // The section's heading is at the top of the reader, where a reader starts reading.
    const top = await r.locator(`[id="${section}"]`).evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= -5 && top < 120, `the "${section}" heading is ${top}px from the top`);
    await snap('lens-opened-retries');
  });

  let dark;
  it('follows the theme: light', async function () {
    dark = await readerLook();
    await pickTheme(expected.themes.light);
    const light = await until(async () => {
      const l = await readerLook();
      return l.background !== dark.background ? l : undefined;
    }, { message: 'the reader kept its colours after switching to a light theme' });
    assert.notEqual(light.color, dark.color, 'the text colour did not change');
    assert.match(light.theme, /light/);
    // The DOM switches before headless Chromium repaints every frame; give the paint a moment so
    // the screenshot shows what a person would see.
    await page.waitForTimeout(1500);
    await snap('theme-light');
  });

  it('follows the theme: high contrast', async function () {
    const before = await readerLook();
    await pickTheme(expected.themes.highContrast);
    const hc = await until(async () => {
      const l = await readerLook();
      return /high-contrast/.test(l.theme) ? l : undefined;
    }, { message: 'the reader did not switch to high contrast' });
    assert.notEqual(hc.background, before.background, 'the background did not change');
    await page.waitForTimeout(1500);
    await snap('theme-high-contrast');
  });
});
