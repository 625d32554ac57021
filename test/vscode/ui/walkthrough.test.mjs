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
  let executablePath;
  let workspace;
  let address; // the workbench's URL
  let noCsp; // the second window of the resource-roots step, while it is open
  let step = 0;
  const consoleLines = [];

  const snap = async (name, p = page) => {
    step += 1;
    return shoot(p, RESULTS, `${String(step).padStart(2, '0')}-${name}`);
  };
  const reader = () => webviewFrame(page);

  async function cleanup() {
    if (noCsp) await noCsp.close();
    noCsp = undefined;
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

  /** Geometry and colours of the first code block that has a language label, scrolled into view. */
  async function codeBlockLook() {
    const block = reader().locator('.code-block:has(.code-lang)').first();
    await block.scrollIntoViewIfNeeded();
    await block.evaluate((b) => b.scrollIntoView({ block: 'center' }));
    return block.evaluate((b) => {
      const code = b.querySelector('pre code');
      const firstLine = code.getClientRects()[0];
      const keyword = b.querySelector('.hljs-keyword');
      return {
        lang: b.querySelector('.code-lang').textContent,
        firstLineTop: firstLine.top,
        labelBottom: b.querySelector('.code-lang').getBoundingClientRect().bottom,
        copyBottom: b.querySelector('button.copy').getBoundingClientRect().bottom,
        spans: b.querySelectorAll('pre code span[class^="hljs-"]').length,
        keyword: keyword ? getComputedStyle(keyword).color : undefined,
        plain: getComputedStyle(code).color,
      };
    });
  }

  /** The note the reader shows: its id, its heading and its tab's title. */
  async function readerShows() {
    const r = reader();
    const noteId = await r.locator('main#note').getAttribute('data-note-id', { timeout: 2_000 });
    const h1 = (await r.locator('main#note h1').first().textContent({ timeout: 2_000 }))?.trim();
    return { noteId, h1 };
  }

  /** Waits until the reader shows the note (by id and/or title); says what it shows instead if not. */
  async function expectReaderShows({ noteId, title }, what) {
    let last;
    await until(async () => {
      last = await readerShows().catch((e) => ({ error: String(e).slice(0, 100) }));
      return (!noteId || last.noteId === noteId) && (!title || last.h1 === title);
    }, { timeout: 30_000, message: `${what}` }).catch((err) => {
      throw new Error(`${what}: the reader shows ${JSON.stringify(last)}, expected ${JSON.stringify({ noteId, title })}`, { cause: err });
    });
    // The reader's tab says the same note.
    const title2 = last.h1;
    await page.locator(`${sel.tabs}.active`).filter({ hasText: title2 }).first().waitFor({ state: 'visible' });
  }

  /**
   * Quick Open (Ctrl+P) of a file into the active group, Enter only once the file is the first
   * result (the list shows recent editors until the search answers), then until its tab is active.
   */
  async function openInActiveGroup(fileName) {
    await closeQuickInput(page);
    await page.keyboard.press('Control+P');
    const box = page.locator(sel.quickInputBox);
    await box.waitFor({ state: 'visible' });
    await box.fill(fileName);
    const first = page.locator(sel.quickInputRows).first();
    await until(async () => (await first.locator('.label-name').first().textContent())?.trim() === fileName, { message: `Quick Open does not offer ${fileName} first` });
    await page.keyboard.press('Enter');
    await page.locator(`${sel.tabs}.active`).filter({ hasText: fileName }).first().waitFor({ state: 'visible' });
  }

  /**
   * Hides the reader behind a file in its own editor group, as Ctrl+P does after a lens click has
   * moved focus there: the reader's tab stays open but is not shown, and its page is dropped.
   */
  async function hideReaderBehind(fileName) {
    const { h1 } = await readerShows();
    await page.locator(sel.tabs).filter({ hasText: h1 }).first().click();
    await openInActiveGroup(fileName);
    await page.locator('iframe.webview.ready').first().waitFor({ state: 'hidden' });
    const group = page.locator('.editor-group-container').filter({ has: page.locator(`${sel.tabs}.active`, { hasText: fileName }) });
    assert.equal(await group.locator(sel.tabs).filter({ hasText: h1 }).count(), 1, `the reader's tab "${h1}" is not in the group of ${fileName}`);
    return h1;
  }

  /** Brings the reader's tab to the front again (its page reloads). */
  async function showReaderTab(title) {
    await page.locator(sel.tabs).filter({ hasText: title }).first().click();
    await expectReaderShows({ title }, `after its tab "${title}" was clicked`);
  }

  /** The labels of the open context menu, in order (separators as "---"). */
  async function contextMenuLabels() {
    const menu = page.locator('.monaco-menu').last();
    await menu.waitFor({ state: 'visible' });
    return menu.locator('.action-item').evaluateAll((items) =>
      items.map((i) => (i.classList.contains('disabled') && i.querySelector('.separator') ? '---' : (i.querySelector('.action-label')?.textContent ?? '').trim())),
    );
  }

  /**
   * Where the reader's page loads its own files from: the origin and extension path of the
   * `webview.asWebviewUri()` form, read from its stylesheet link and script tag. url(fsPath, rest)
   * builds the same form for any file (rest is appended as written, for hand-encoded paths).
   */
  async function readerResources(frame) {
    const { href, src } = await frame.locator('head').evaluate(() => ({
      href: document.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '',
      src: document.querySelector('script[src]')?.getAttribute('src') ?? '',
    }));
    const css = /^(https:\/\/[^/]+)(\/.*)\/media\/reader\.css$/.exec(href);
    const js = /^(https:\/\/[^/]+)(\/.*)\/dist\/webview\/reader\.js$/.exec(src);
    assert.ok(css && js, `unexpected resource URLs: stylesheet "${href}", script "${src}"`);
    assert.deepEqual([js[1], js[2]], [css[1], css[2]], 'the stylesheet and the script come from different places');
    assert.equal(decodeURIComponent(css[2]), REPO_ROOT, `the reader's files are not under the extension folder: ${href}`);
    const origin = css[1];
    const url = (fsPath, rest = '') => `${origin}${fsPath.split('/').map(encodeURIComponent).join('/')}${rest}`;
    return { origin, url, css: href };
  }

  /** fetch()es each URL from inside the reader's page: { status, ok, body } or { error }. */
  function fetchFromReader(frame, urls) {
    return frame.locator('body').evaluate(
      (_, list) =>
        Promise.all(
          list.map(async (u) => {
            try {
              const res = await fetch(u, { cache: 'no-store', signal: AbortSignal.timeout(10_000) });
              return { status: res.status, ok: res.ok, body: await res.text() };
            } catch (err) {
              return { error: String(err) };
            }
          }),
        ),
      urls,
    );
  }

  /** Opens the note the search test opens, in the given window; returns its reader frame. */
  async function openSearchedNote(p) {
    await p.locator(sel.activityEntry('Engineering Notes')).waitFor({ state: 'visible' });
    await runFromPalette(p, 'Engineering Notes: Search Notes');
    await p.locator(sel.quickInputBox).fill(expected.search.query);
    const first = p.locator(sel.quickInputRows).first();
    await until(async () => (await first.locator('.label-name').first().textContent())?.trim() === expected.search.title, {
      message: `the first result for "${expected.search.query}" is not "${expected.search.title}"`,
    });
    await p.keyboard.press('Enter');
    const frame = webviewFrame(p);
    await frame.locator(`main#note[data-note-id="${expected.search.noteId}"]`).waitFor({ state: 'attached', timeout: 30_000 });
    return frame;
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
    executablePath = await ensureChromium();
    state = makeStateDir('engineering-notes-ui-');
    server = await startCodeServer({ node, entry: codeServer.entry, state, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    browser = await launchBrowser({ executablePath, profileDir: path.join(state.dir, 'chromium') });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    workspace = process.env.ENGINEERING_NOTES_TEST_WORKSPACE ?? path.join(HARNESS_DIR, 'fixtures', 'workspace');
    address = workbenchUrl(server, { folder: workspace, payload: [['extensionDevelopmentPath', REPO_ROOT]] });
    await page.goto(address);
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
      return r.filter((x) => x.level === 2).length >= 2 ? r : undefined;
    }, { message: 'the tree shows no notes under its topics' });
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

  let darkCode;
  it('shows code highlighted, with its language and Copy above the code, not over it', async function () {
    darkCode = await codeBlockLook();
    assert.ok(darkCode.labelBottom <= darkCode.firstLineTop + 0.5, `the "${darkCode.lang}" label covers the first line of code: ${JSON.stringify(darkCode)}`);
    assert.ok(darkCode.copyBottom <= darkCode.firstLineTop + 0.5, `the Copy button covers the first line of code: ${JSON.stringify(darkCode)}`);
    assert.ok(darkCode.spans > 3, `the "${darkCode.lang}" block is not highlighted: ${JSON.stringify(darkCode)}`);
    assert.ok(darkCode.keyword && darkCode.keyword !== darkCode.plain, `keywords have the colour of plain code: ${JSON.stringify(darkCode)}`);
    await page.waitForTimeout(500); // let the scroll paint before the screenshot
    await snap('code-dark');
  });

  /**
   * Opens the search picker and types a query. On a loaded machine the reader (a webview) can take
   * focus back just after the picker opens, which closes it: then the picker is opened again, and
   * the retry is logged. What is asserted afterwards is only what the picker lists.
   */
  async function typeSearch(text) {
    for (let attempt = 1; ; attempt++) {
      await runFromPalette(page, 'Engineering Notes: Search Notes');
      await page.locator(`${sel.quickInput} .quick-input-title`).filter({ hasText: 'Search Engineering Notes' }).waitFor({ state: 'visible' });
      await page.locator(sel.quickInputBox).pressSequentially(text, { delay: 20 });
      await page.waitForTimeout(300);
      if ((await page.locator(sel.quickInput).isVisible()) && (await page.locator(sel.quickInputBox).inputValue()) === text) return;
      if (attempt === 3) throw new Error(`the search picker closed while "${text}" was typed, three times`);
      console.log(`      (the search picker closed while "${text}" was typed; opening it again)`);
    }
  }

  /** Whether any element of the picker's list shows exactly this text (a list may hold hidden copies). */
  async function visibleInPicker(text) {
    const all = page.locator(`${sel.quickInput} .quick-input-list`).getByText(text, { exact: true });
    for (let i = 0; i < (await all.count()); i++) if (await all.nth(i).isVisible()) return true;
    return false;
  }

  it('lists notes with only some of the words after the rest, under a separator', async function () {
    // "retry storm": no note says "storm"; notes with retry and a close spelling of it come first
    // under "Close spellings", the other retry notes follow under "Some of the words".
    await typeSearch('retry storm');
    await until(() => visibleInPicker('Some of the words'), { message: 'no "Some of the words" separator' });
    const rows = page.locator(sel.quickInputRows);
    assert.ok((await rows.count()) >= 3, 'fewer than three results');
    await snap('search-partial');
    await page.keyboard.press('Escape');
  });

  it('lists close spellings of a word no note has under their own separator', async function () {
    // "oauth" is in no note; "auth" is: those results must not pass for matches of what was typed.
    await typeSearch('oauth');
    await until(() => visibleInPicker('Close spellings'), { message: 'no "Close spellings" separator' });
    const described = page.locator(sel.quickInputRows).filter({ hasText: 'close spelling of "oauth"' });
    assert.ok((await described.count()) >= 1, 'no result says it is a close spelling of "oauth"');
    await snap('search-close-spellings');
    await page.keyboard.press('Escape');
  });

  it('follows a link to another note and goes back, and opens no browser tab', async function () {
    const r = reader();
    const pagesBefore = browser.context.pages().map((p) => p.url());
    const opened = [];
    const onPage = (p) => opened.push(p);
    browser.context.on('page', onPage);
    try {
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
      // The click's link request would have reached the workbench before the note it asked for
      // came back (both go through the same webview channel, the note by way of the extension host).
      const urls = await Promise.all(opened.map(async (p) => `${p.url()} "${await p.title().catch(() => '?')}"`));
      assert.deepEqual(urls, [], 'following a note link opened browser tabs');
      assert.deepEqual(browser.context.pages().map((p) => p.url()), pagesBefore, 'the browser has other tabs than before');
    } finally {
      browser.context.off('page', onPage);
      for (const p of opened) await p.close().catch(() => {});
    }
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

  it('shows the note it is asked for while hidden: from the tree, from search and from a lens', async function () {
    this.timeout(180_000);
    // 1. From the tree, a note other than the one on screen.
    let hiddenWith = await hideReaderBehind('plain.ts');
    if (!(await page.locator(sel.sidebarTitle).filter({ hasText: /Engineering Notes/i }).isVisible())) await page.locator(sel.activityEntry('Engineering Notes')).click();
    const rows = await sidebarRows(page);
    const title = rows.find((x) => x.level === 2 && x.label !== hiddenWith && x.label !== expected.search.title)?.label;
    assert.ok(title, `no other note in the tree: ${rows.map((x) => x.label).join(', ')}`);
    await page.locator(sel.sidebarRows).filter({ hasText: title }).first().click();
    await expectReaderShows({ title }, `after "${title}" was opened from the tree with the reader hidden behind plain.ts`);
    await snap('hidden-reader-tree');

    // 2. From search.
    hiddenWith = await hideReaderBehind('plain.ts');
    const q = expected.searches.find((x) => x.query === 'SKIP LOCKED');
    await runFromPalette(page, 'Engineering Notes: Search Notes');
    await page.locator(sel.quickInputBox).fill(q.query);
    const first = page.locator(sel.quickInputRows).first();
    await until(async () => (await first.locator('.label-name').first().textContent())?.trim().length > 0 && !/^No notes/.test(await first.innerText()));
    await page.keyboard.press('Enter');
    await expectReaderShows({ noteId: q.noteId }, `after "${q.query}" was opened from search with the reader hidden (it showed "${hiddenWith}")`);
    await snap('hidden-reader-search');

    // 3. From a lens in a file opened over the reader.
    hiddenWith = await hideReaderBehind(expected.lensFile.name);
    const lens = page.locator(sel.codeLens).filter({ hasText: expected.lensFile.label }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await lens.click();
    await expectReaderShows({ noteId: RETRIES_NOTE }, `after the lens was clicked with the reader hidden (it showed "${hiddenWith}")`);
    await until(async () => (await reader().locator('body').getAttribute('data-section')) === expected.lensFile.section, {
      message: `the reader is not at "${expected.lensFile.section}"`,
    });
    await snap('hidden-reader-lens');
  });

  it('Open Note by Title lists notes by title only; Search Notes searches what they say', async function () {
    await runFromPalette(page, 'Engineering Notes: Open Note by Title');
    await page.locator(`${sel.quickInput} .quick-input-title`).filter({ hasText: 'Open Engineering Note' }).waitFor({ state: 'visible' });
    const box = page.locator(sel.quickInputBox);
    await box.fill('payment');
    await page.locator(sel.quickInputRows).filter({ hasText: expected.search.title }).first().waitFor({ state: 'visible' });
    await snap('open-note-by-title');
    // "jitter" is in the notes' text, in no title: the title list has nothing, the search finds it.
    await box.fill('jitter');
    await until(async () => (await page.locator(sel.quickInputRows).count()) === 0, { message: 'Open Note by Title matched "jitter", which is in no title' });
    await page.keyboard.press('Escape');
    await runFromPalette(page, 'Engineering Notes: Search Notes');
    await page.locator(sel.quickInputBox).fill('jitter');
    const first = page.locator(sel.quickInputRows).first();
    await until(async () => (await first.locator('.label-name').first().textContent())?.trim() === expected.treeNote.title, { message: 'Search Notes does not find "jitter"' });
    await page.keyboard.press('Escape');
  });

  it('offers Search Notes for Selection in the context menu only with a selection, after Cut/Copy/Paste', async function () {
    const ITEM = 'Search Notes for Selection';
    const { h1: readerTitle } = await readerShows();
    await openInActiveGroup('plain.ts');
    const editor = page.locator('.editor-group-container .monaco-editor').filter({ has: page.locator('.view-lines') }).last();
    const firstLine = editor.locator('.view-lines .view-line').first();
    await firstLine.click({ position: { x: 40, y: 5 } });
    await page.keyboard.press('Control+Home');
    await firstLine.click({ button: 'right', position: { x: 40, y: 5 } });
    const without = await contextMenuLabels();
    assert.ok(without.includes('Command Palette...') || without.length > 3, `this is not the editor's context menu: ${without.join(' | ')}`);
    assert.ok(!without.includes(ITEM), `"${ITEM}" is in the menu with nothing selected: ${without.join(' | ')}`);
    await page.keyboard.press('Escape');
    await page.locator('.monaco-menu').first().waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await firstLine.click({ button: 'right', position: { x: 40, y: 5 } });
    const withSel = await contextMenuLabels();
    await snap('context-menu-selection');
    const at = withSel.indexOf(ITEM);
    assert.ok(at >= 0, `"${ITEM}" is not in the menu with text selected: ${withSel.join(' | ')}`);
    const paste = withSel.indexOf('Paste');
    assert.ok(paste >= 0 && at > paste, `"${ITEM}" is not after Paste: ${withSel.join(' | ')}`);
    await page.keyboard.press('Escape');
    await showReaderTab(readerTitle);
  });

  it('says when a file is too large for hints, in the status bar and in the output', async function () {
    // A file with a retry loop, padded past the default 1024 KB limit.
    const text = fs.readFileSync(path.join(workspace, expected.lensFile.name), 'utf8') + `// padding ${'x'.repeat(100)}\n`.repeat(10_000);
    assert.ok(text.length > 1024 * 1024);
    const big = path.join(workspace, 'too-big-for-hints.ts');
    fs.writeFileSync(big, text);
    // Alone (ENGINEERING_NOTES_TEST_GREP) there is no reader to bring back afterwards.
    const readerTitle = (await page.locator('iframe.webview.ready').count()) ? (await readerShows()).h1 : undefined;
    try {
      await openInActiveGroup('too-big-for-hints.ts');
      const item = page.locator('.part.statusbar .statusbar-item').filter({ hasText: 'No hints: over 1024 KB' });
      await item.first().waitFor({ state: 'visible', timeout: 30_000 });
      await runFromPalette(page, 'Engineering Notes: Show Output');
      const panel = page.locator('.part.panel');
      await until(async () => (await panel.innerText()).replace(/\u00a0/g, ' ').includes('No hints in too-big-for-hints.ts'), {
        timeout: 20_000,
        message: 'the output does not say why too-big-for-hints.ts has no hints',
      });
      await snap('too-big-status-and-output');
      await openInActiveGroup('plain.ts');
      await item.first().waitFor({ state: 'hidden' });
      await page.keyboard.press('Control+J'); // hide the panel again
      if (readerTitle) await showReaderTab(readerTitle);
    } finally {
      fs.rmSync(big, { force: true });
    }
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
    const lightCode = await codeBlockLook();
    assert.ok(lightCode.spans > 3, `no highlighting in the light theme: ${JSON.stringify(lightCode)}`);
    assert.ok(lightCode.keyword !== lightCode.plain, `keywords have the colour of plain code in the light theme: ${JSON.stringify(lightCode)}`);
    assert.notEqual(lightCode.keyword, darkCode.keyword, 'keywords kept their dark-theme colour');
    await page.waitForTimeout(500);
    await snap('code-light');
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

  // The reader may load files only from <ext>/media and <ext>/dist/webview (localResourceRoots);
  // VS Code's resource loader enforces that, behind the page's CSP. The CSP alone stops any fetch()
  // (connect-src is 'none'), so the roots are tested on their own in a second window whose browser
  // ignores CSPs: from inside the reader, the control loads and nothing outside the roots does.
  // Then, in this window with the CSP on, images outside the roots fail where the control loads.
  // The second window costs about 9 s (its own workbench and extension host).
  it('the reader cannot load files outside its resource roots', async function () {
    this.timeout(90_000);
    const png = path.join(workspace, 'outside-roots.png'); // an image in the workspace, for the <img> check
    fs.copyFileSync(path.join(REPO_ROOT, 'media', 'icon.png'), png);
    try {
      // The reader is open from the steps before; alone (ENGINEERING_NOTES_TEST_GREP), it opens it.
      const r = (await page.locator('iframe.webview.ready').count()) ? reader() : await openSearchedNote(page);
      const { url, css } = await readerResources(r);
      const pkg = path.join(REPO_ROOT, 'package.json');
      const files = {
        css: { file: path.join(REPO_ROOT, 'media', 'reader.css'), marker: "The reader uses VS Code's theme variables" },
        pkg: { file: pkg, marker: '"name": "engineering-notes"' },
        bundle: { file: path.join(REPO_ROOT, 'dist', 'extension.js'), marker: 'engineeringNotes.reader' },
        workspace: { file: path.join(workspace, 'checkout.ts'), marker: 'Asks the pricing service for a quote' },
        passwd: { file: '/etc/passwd', marker: 'root:' },
      };
      // Each file is there and holds its marker, so "the marker never arrived" means something.
      for (const { file, marker } of Object.values(files)) assert.ok(fs.readFileSync(file, 'utf8').includes(marker), `${file} lacks "${marker}"`);
      const outside = [
        ['package.json of the extension', 'pkg', url(pkg)],
        ['dist/extension.js (beside dist/webview)', 'bundle', url(files.bundle.file)],
        ['checkout.ts of the workspace', 'workspace', url(files.workspace.file)],
        ['/etc/passwd', 'passwd', url('/etc/passwd')],
        ['media/../package.json', 'pkg', url(REPO_ROOT, '/media/../package.json')],
        ['media/..%2fpackage.json', 'pkg', url(REPO_ROOT, '/media/..%2fpackage.json')],
        ['media/%2e%2e%2fpackage.json', 'pkg', url(REPO_ROOT, '/media/%2e%2e%2fpackage.json')],
        ['dist/webview/..%2f..%2fpackage.json', 'pkg', url(REPO_ROOT, '/dist/webview/..%2f..%2fpackage.json')],
        ['media/..%5cpackage.json', 'pkg', url(REPO_ROOT, '/media/..%5cpackage.json')],
        ['media/..%2f..%2f..%2fetc%2fpasswd', 'passwd', url(REPO_ROOT, '/media/..%2f..%2f..%2fetc%2fpasswd')],
      ];

      // With the CSP on, not even the control can be fetched: hence the second window.
      const [enforced] = await fetchFromReader(r, [css]);
      assert.ok(enforced.error, `with the CSP on, fetch(reader.css) was answered: ${JSON.stringify(enforced).slice(0, 200)}`);

      noCsp = await launchBrowser({ executablePath, profileDir: path.join(state.dir, 'chromium-no-csp'), bypassCSP: true });
      const p = noCsp.context.pages()[0] ?? (await noCsp.context.newPage());
      p.setDefaultTimeout(20_000);
      p.on('console', (m) => consoleLines.push(`[no-csp window] [${m.type()}] ${m.text()}`));
      await p.goto(address);
      await waitForWorkbench(p);
      const r2 = await openSearchedNote(p);
      const res2 = await readerResources(r2);
      assert.equal(res2.css, css, 'the second window serves the reader from another place');
      const [control, ...got] = await fetchFromReader(r2, [css, ...outside.map(([, , u]) => u)]);
      assert.ok(control.ok && control.body.includes(files.css.marker), `the control, media/reader.css, did not load: ${JSON.stringify(control).slice(0, 200)}`);
      const rows = outside.map(([what, key], i) => ({ what, ...got[i], leaked: (got[i].body ?? '').includes(files[key].marker) }));
      const lines = [
        `loaded  ${control.status}  media/reader.css (inside the roots: the control)`,
        ...rows.map((x) => `${x.ok || x.leaked ? 'LOADED' : 'blocked'}  ${x.status ?? x.error}  ${x.what}`),
      ];
      await r2.locator('main#note').evaluate((main, text) => {
        const box = document.createElement('section');
        const h = document.createElement('h2');
        h.textContent = 'Test only, CSP bypassed: fetch() from the reader';
        const pre = document.createElement('pre');
        pre.textContent = text.join('\n');
        box.append(h, pre);
        main.prepend(box);
        box.scrollIntoView();
      }, lines);
      await snap('resource-roots-fetch', p);
      const loaded = rows.filter((x) => x.ok || x.leaked);
      assert.equal(loaded.length, 0, `files outside the resource roots loaded:\n${lines.join('\n')}`);
      await noCsp.close();
      noCsp = undefined;

      // Defence in depth, CSP on: img-src allows only media/ on the resource origin, and the roots
      // stand behind it. The last one is code-server's own file route on the workbench origin
      // ('self' in cspSource there), which serves any readable file: the CSP must refuse it.
      const images = [
        ['media/icon.png (the control)', url(path.join(REPO_ROOT, 'media', 'icon.png'))],
        ['docs/images/codelens.png of the extension', url(path.join(REPO_ROOT, 'docs', 'images', 'codelens.png'))],
        ['outside-roots.png of the workspace', url(png)],
        ['codelens.png via the workbench origin', `SELF:${path.join(REPO_ROOT, 'docs', 'images', 'codelens.png')}`],
      ];
      const events = await r.locator('main#note').evaluate(
        (main, list) => {
          const box = document.createElement('section');
          box.id = 'roots-check';
          main.prepend(box);
          return Promise.all(
            list.map(
              ([what, src]) =>
                new Promise((resolve) => {
                  const img = new Image(64, 64);
                  img.alt = what;
                  img.onload = () => resolve('load');
                  img.onerror = () => resolve('error');
                  setTimeout(() => resolve('timeout'), 10_000);
                  // /stable-<commit>/vscode-remote-resource?path=... on this frame's own origin.
                  const base = location.pathname.split('/').slice(0, 2).join('/');
                  img.src = src.startsWith('SELF:') ? `${location.origin}${base}/vscode-remote-resource?path=${encodeURIComponent(src.slice(5))}` : src;
                  box.append(img);
                }),
            ),
          );
        },
        images,
      );
      await r.locator('#roots-check').evaluate((box, text) => {
        const pre = document.createElement('pre');
        pre.textContent = `Test only, CSP on: <img> from the reader\n${text.join('\n')}`;
        box.prepend(pre);
        box.scrollIntoView({ block: 'center' });
      }, images.map(([what], i) => `${events[i]}  ${what}`));
      await snap('resource-roots-images');
      await r.locator('#roots-check').evaluate((e) => e.remove());
      assert.deepEqual(events, ['load', 'error', 'error', 'error'], images.map(([what], i) => `${what}: ${events[i]}`).join('; '));
    } finally {
      if (noCsp) await noCsp.close();
      noCsp = undefined;
      fs.rmSync(png, { force: true });
    }
  });
  it("shows a team's notes from .engineering-notes beside the bundled ones, with their problems", async function () {
    const dir = path.join(workspace, '.engineering-notes');
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(
        path.join(dir, 'team-runbook.md'),
        '---\nid: team-runbook\ntitle: Team Runbook\nsummary: What this team checks first when the ledger slows down.\ntopic: Our platform\norder: 1\n---\n\n' +
          'Start with the shared retry budget: [retries need a budget](reliability-under-real-traffic.md#retries-need-a-budget).\n\n' +
          '## When the ledger slows down\n\nLook at the retry rate before the error rate.\n',
      );
      fs.writeFileSync(
        path.join(dir, 'broken.md'),
        '---\nid: broken\ntitle: Broken Note\nsummary: Links to a note that is not there.\ntopic: Our platform\norder: 2\n---\n\nSee [the missing note](no-such-note.md).\n',
      );
      // The activity bar entry toggles the side bar: click it only when the view is not showing.
      if (!(await page.locator(sel.sidebarTitle).filter({ hasText: /Engineering Notes/i }).isVisible())) {
        await page.locator(sel.activityEntry('Engineering Notes')).click();
      }
      await page.locator(sel.sidebarTitle).filter({ hasText: /Engineering Notes/i }).waitFor({ state: 'visible' });
      const row = page.locator(sel.sidebarRows).filter({ hasText: 'Team Runbook' }).first();
      // The workspace's own topic comes after the bundled ones: go to the end of the tree, whose
      // rows off screen are not drawn at all.
      await page.locator(sel.sidebarRows).first().click(); // focus the tree (this folds its first topic)
      let touched = 0;
      await until(
        async () => {
          // A folder made a moment ago may not be watched yet when its first files land: write them
          // again (as an editor saving would) until the watcher has seen them.
          if (++touched % 10 === 0) for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), new Date(), new Date());
          await page.keyboard.press('End');
          return (await row.count()) > 0;
        },
        { message: 'the workspace note never reached the tree', timeout: 30_000 },
      );
      await row.scrollIntoViewIfNeeded();
      assert.match((await row.textContent()) ?? '', /workspace/, 'the tree does not mark the note as the workspace\'s');
      await snap('workspace-notes-tree');
      await row.click();
      const r = reader();
      await r.locator('main#note[data-note-id="team-runbook"]').waitFor({ state: 'attached', timeout: 30_000 });
      assert.match((await r.locator('.note-origin').textContent()) ?? '', /\.engineering-notes\/team-runbook\.md/);
      await snap('workspace-note-reader');
      await runFromPalette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'no-such-note' }).first();
      await until(async () => (await problem.count()) > 0, { message: 'the broken note has no entry in the Problems panel', timeout: 30_000 });
      await snap('workspace-note-problems');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
