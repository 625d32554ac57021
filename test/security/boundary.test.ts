import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { URI, Utils } from 'vscode-uri';
import { renderArticle } from '../../src/core/article';
import { noteMeta } from '../../src/core/knowledgeBase';
import { isAllowedHref } from '../../src/core/markdown';
import type { NoteMeta } from '../../src/core/note';
import { safeRelativeFolder } from '../../src/core/noteLibrary';
import { loadNoteSet } from '../../src/core/noteSet';
import { ROOT } from './harness';

/**
 * Issue 6, part 4, on the extension side: the real `Reader` (src/features/readerPanel.ts) driven
 * through a stand-in for the `vscode` module that records what it is asked to do. URIs are parsed
 * by vscode-uri, the library VS Code's own `Uri` is.
 */

interface FakeWebview {
  html: string;
  options: Record<string, unknown>;
  cspSource: string;
  posted: unknown[];
  listeners: ((m: unknown) => void)[];
}

const calls = { warnings: [] as string[], opened: [] as string[], copied: [] as string[], panels: [] as { viewType: string; options: Record<string, unknown>; webview: FakeWebview }[] };

function fakeWebview(): FakeWebview & Record<string, unknown> {
  const w = {
    html: '',
    options: {} as Record<string, unknown>,
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    posted: [] as unknown[],
    listeners: [] as ((m: unknown) => void)[],
    asWebviewUri: (u: URI) => URI.from({ scheme: 'https', authority: 'file+.vscode-resource.vscode-cdn.net', path: u.path }),
    onDidReceiveMessage: (fn: (m: unknown) => void) => {
      w.listeners.push(fn);
      return { dispose() {} };
    },
    postMessage: (m: unknown) => {
      w.posted.push(m);
      return Promise.resolve(true);
    },
  };
  return w;
}

const vscodeStub = {
  Uri: { joinPath: Utils.joinPath, parse: URI.parse, file: URI.file },
  ViewColumn: { Beside: -2 },
  window: {
    registerWebviewPanelSerializer: () => ({ dispose() {} }),
    createWebviewPanel: (viewType: string, _title: string, _column: unknown, options: Record<string, unknown>) => {
      const webview = fakeWebview();
      webview.options = options;
      calls.panels.push({ viewType, options, webview });
      return {
        webview,
        title: '',
        iconPath: undefined,
        visible: true,
        reveal() {},
        dispose() {},
        onDidDispose: () => ({ dispose() {} }),
        onDidChangeViewState: () => ({ dispose() {} }),
      };
    },
    showWarningMessage: (m: string) => {
      calls.warnings.push(m);
      return Promise.resolve(undefined);
    },
    createOutputChannel: () => ({
      warn: (m: string) => calls.warnings.push(m),
      info() {},
      error() {},
      debug() {},
      trace() {},
      dispose() {},
    }),
    setStatusBarMessage: () => ({ dispose() {} }),
  },
  env: {
    openExternal: (u: URI) => {
      calls.opened.push(u.toString(true));
      return Promise.resolve(true);
    },
    clipboard: {
      writeText: (t: string) => {
        calls.copied.push(t);
        return Promise.resolve();
      },
    },
  },
};

/** Loads readerPanel.ts with `vscode` resolved to the stand-in above. */
function loadReader(): typeof import('../../src/features/readerPanel') {
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  const stubPath = join(__dirname, '__vscode-stub__.js');
  const req = createRequire(__filename);
  req.cache[stubPath] = { id: stubPath, filename: stubPath, loaded: true, exports: vscodeStub } as unknown as NodeModule;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stubPath : original.call(this, request, ...rest);
  };
  try {
    return req('../../src/features/readerPanel') as typeof import('../../src/features/readerPanel');
  } finally {
    M._resolveFilename = original;
  }
}

const NOTE: NoteMeta = { id: 'alpha', title: 'Alpha', summary: 's', topic: 't', order: 1, tags: [], related: [], sections: [{ anchor: 'setup', heading: 'Setup', level: 2 }] };
const store = {
  notes: [NOTE],
  note: (id: string) => (id === NOTE.id ? NOTE : undefined),
  // The article on screen: the page may ask only for what it holds (src/core/readerGuard.ts).
  article: (id: string) =>
    id === NOTE.id
      ? '<h2 id="setup">Setup</h2><p>alpha ' +
        ['https://example.com/a?b=c#d', 'http://example.com', 'mailto:ops@example.com', 'HTTPS://example.com', 'Mailto:ops@example.com', 'javascript:alert(1)']
          .map((h) => `<a href="${h.replace(/&/g, '&amp;')}" data-external="">x</a>`)
          .join(' ') +
        ' <a href="beta.md" data-note="beta">beta</a> <a href="alpha.md#setup" data-note="alpha" data-section="setup">setup</a></p>' +
        '<div class="code-block"><pre><code>run()\n</code></pre></div>'
      : undefined,
};

describe('the webview boundary (readerPanel.ts with a recording vscode)', () => {
  const extensionUri = URI.file('/ext');
  let webview: FakeWebview;
  let options: Record<string, unknown>;
  const send = (m: unknown) => webview.listeners.forEach((l) => l(m));
  const reset = () => {
    calls.warnings.length = 0;
    calls.opened.length = 0;
    calls.copied.length = 0;
    webview.posted.length = 0;
  };

  before(() => {
    const { Reader } = loadReader();
    const reader = new Reader(extensionUri as never, store as never);
    assert.equal(reader.show('alpha'), true);
    ({ webview, options } = calls.panels[0]);
    // The page has loaded: from now on notes reach it as messages.
    send({ type: 'ready' });
  });

  it('limits localResourceRoots to the extension media and the webview script folder', () => {
    const roots = (options.localResourceRoots as URI[]).map((u) => u.path);
    assert.deepEqual(roots, ['/ext/media', '/ext/dist/webview']);
  });

  it('turns off command URIs and forms, and turns on nothing else it does not need', () => {
    assert.equal(options.enableCommandUris, false);
    assert.equal(options.enableForms, false);
    assert.equal(options.enableScripts, true);
    assert.notEqual(options.retainContextWhenHidden, true);
  });

  it('serves the page with the CSP over the webview resource origin and a nonce for its one script', () => {
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(webview.html)?.[1] ?? '').replace(/&#39;/g, "'");
    // The webview's source, narrowed to the extension's media/ folder (resourceSources).
    assert.match(csp, /default-src 'none'; style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/[^ ;]*\/media\/; img-src /);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
    assert.ok(nonce.length >= 16, 'nonce too short');
    const scripts = [...webview.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0].startsWith(`<script nonce="${nonce}" src="https://file`), scripts[0]);
    assert.ok(scripts[0].endsWith('/ext/dist/webview/reader.js">'), scripts[0]);
  });

  it('ignores and logs every unknown or malformed message, with no effect', () => {
    const bad: unknown[] = [
      null, 42, 'open', [], {}, { type: 'runCommand', command: 'workbench.action.quit' }, { type: 'eval', code: '1' },
      { type: 'open', noteId: '../../etc/passwd', section: '', via: 'link' }, { type: 'open', noteId: 'alpha', section: '"><x>', via: 'link' },
      { type: 'open', noteId: 'alpha', section: '', via: 'command' }, { type: 'openExternal' }, { type: 'openExternal', href: { toString: 'x' } },
      { type: 'openExternal', href: 'https://a/' + 'x'.repeat(3000) }, { type: 'copy', text: 5 }, { type: 'section', noteId: 'a', section: 7 },
      { type: '__proto__' }, Object.create(null),
    ];
    for (const m of bad) {
      reset();
      send(m);
      assert.deepEqual([calls.opened, calls.copied, webview.posted], [[], [], []], JSON.stringify(m));
      assert.equal(calls.warnings.length, 1, `not logged: ${JSON.stringify(m)}`);
      assert.match(calls.warnings[0], /ignored a malformed message/);
    }
  });

  it('opens external links for http, https and mailto only, and logs the refusals', () => {
    const refused = [
      'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd',
      'command:workbench.action.quit', 'vscode://vscode.git/clone?url=x', 'vscode-insiders://x', 'ftp://x', '//evil.example',
      '/etc/passwd', 'alpha.md', '', 'https',
    ];
    for (const href of refused) {
      reset();
      send({ type: 'openExternal', href });
      assert.deepEqual(calls.opened, [], href);
      assert.equal(calls.warnings.length, 1, `refusal not logged: ${href}`);
    }
    // Schemes are case-insensitive: the renderer keeps HTTPS:// links, so the click must work.
    for (const href of ['https://example.com/a?b=c#d', 'http://example.com', 'mailto:ops@example.com', 'HTTPS://example.com', 'Mailto:ops@example.com']) {
      reset();
      send({ type: 'openExternal', href });
      assert.equal(calls.opened.length, 1, href);
      assert.match(calls.opened[0], /^(https?|mailto):/i);
    }
  });

  it('opens only links the note on screen has, and copies only its code blocks', () => {
    reset();
    send({ type: 'openExternal', href: 'https://elsewhere.example/' });
    assert.deepEqual(calls.opened, []);
    assert.match(calls.warnings[0], /not in the note on screen/);
    reset();
    send({ type: 'open', noteId: 'alpha', section: 'nowhere', via: 'link' });
    assert.deepEqual(webview.posted, []);
    assert.match(calls.warnings[0], /no such link/);
    reset();
    send({ type: 'copy', text: 'rm -rf ~' });
    assert.deepEqual(calls.copied, []);
    assert.match(calls.warnings[0], /not a code block/);
  });

  it('shows only notes it has, and logs links to others', () => {
    reset();
    send({ type: 'open', noteId: 'beta', section: '', via: 'link' });
    assert.deepEqual(webview.posted, []);
    assert.match(calls.warnings[0], /unknown note "beta"/);
    reset();
    send({ type: 'open', noteId: 'alpha', section: 'setup', via: 'link' });
    assert.deepEqual(webview.posted.map((m) => (m as { type: string; noteId: string }).noteId), ['alpha']);
  });
});

describe('what ships', function () {
  this.timeout(30_000);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: boolean | string; description?: string; restrictedConfigurations?: string[] } };
    contributes: { configuration: { properties: Record<string, { type: string; enum?: unknown[]; additionalProperties?: { type: string } }> } };
  };

  it('declares untrusted-workspace support, and no setting could make it run anything', () => {
    // Limited: an untrusted workspace's notes are read and shown, their rules do not run, and the
    // setting that widens what a scan may take on cannot be raised by the workspace.
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations?.includes('engineeringNotes.hints.maxFileSizeKB'));
    // Every setting is a switch, a number or a choice from a closed list, except two lists whose
    // items can only narrow what runs (rule ids) or point inside the workspace folder (note
    // folders: src/features/workspaceNotes.ts refuses absolute paths and '..', tested below).
    const lists: Record<string, string> = { 'engineeringNotes.hints.disabledRules': 'turns rules off', 'engineeringNotes.notes.folders': 'folders inside the workspace folder' };
    for (const [key, p] of Object.entries(pkg.contributes.configuration.properties)) {
      const ok =
        p.type === 'boolean' || p.type === 'number' || (p.type === 'string' && Array.isArray(p.enum) && p.enum.every((v) => typeof v === 'string' && /^[a-z]+$/.test(v))) || (p.type === 'object' && p.additionalProperties?.type === 'boolean') || (p.type === 'array' && key in lists);
      assert.ok(ok, `${key} (${p.type}) could carry something to run or read; revisit untrustedWorkspaces`);
    }
  });

  it('reads note folders only inside the workspace folder', () => {
    for (const bad of ['/etc', '../outside', 'notes/../../x', 'C:\\Windows', 'c:/x', '\\\\server\\share', 'a\0b', '', 42, null]) {
      assert.equal(safeRelativeFolder(bad), undefined, String(bad));
    }
    assert.equal(safeRelativeFolder('docs/notes'), 'docs/notes');
    assert.equal(safeRelativeFolder('./docs//notes/'), 'docs/notes');
  });

  it('reads from the workspace only its note folders and open documents, and runs nothing', () => {
    // The two files that touch workspace files: the workspace notes (read, watched) and New Note (writes one file).
    const notesOnly: Record<string, string> = { 'workspaceNotes.ts': 'reads .engineering-notes/ and configured note folders', 'newNote.ts': 'writes one new note into .engineering-notes/' };
    const features = join(ROOT, 'src', 'features');
    for (const f of readdirSync(features)) {
      const src = readFileSync(join(features, f), 'utf8');
      assert.ok(!/child_process|\beval\(|new Function\(/.test(src), `${f} runs code`);
      if (f in notesOnly) continue;
      assert.ok(!/workspace\.(fs|findFiles|openTextDocument)|workspaceFolders/.test(src), `${f} reaches into the workspace`);
    }
  });

  it('renders every bundled note with links the reader may follow and no command URIs', () => {
    const set = loadNoteSet(
      readdirSync(join(ROOT, 'notes')).filter((f) => f.endsWith('.md')).map((f) => ({ file: `notes/${f}`, bytes: readFileSync(join(ROOT, 'notes', f)) })),
      JSON.parse(readFileSync(join(ROOT, 'notes', 'topics.json'), 'utf8')) as string[],
    );
    const byId = new Map(set.notes.map((n) => [n.id, noteMeta(n)]));
    assert.ok(set.notes.length > 0);
    for (const note of set.notes) {
      const html = renderArticle(note, byId);
      for (const m of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
        const value = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"');
        assert.ok(isAllowedHref(value), `${note.id}: ${m[1]}="${value}"`);
        assert.ok(!/^command:/i.test(value), `${note.id}: command URI`);
      }
      assert.ok(!/<(script|iframe|object|embed|form|style|link|meta)\b/i.test(html), `${note.id}: raw HTML in the article`);
    }
  });
});
