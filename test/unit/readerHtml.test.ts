import assert from 'node:assert/strict';
import { readerCsp, readerPage, resourceSources } from '../../src/core/readerHtml';

/** Decodes the entities escapeHtml produces, as a browser does for attribute values. */
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const input = {
  nonce: 'abc123',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/reader.css',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/reader.js',
  articleHtml: '<p>Hello</p>',
  noteId: 'n',
  title: 'T',
  state: { current: { noteId: 'n', section: '' } },
};

describe('readerPage', () => {
  it('carries a strict CSP: nothing by default, scripts only by nonce', () => {
    const html = readerPage(input);
    const csp = unescape(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
    assert.match(html, /<script nonce="abc123" src="[^"]+reader\.js"><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'exactly one script, the nonce one');
  });

  it('has no inline event handlers', () => {
    assert.ok(!/\son[a-z]+=/i.test(readerPage(input)));
  });

  it('escapes the state into a data attribute instead of a script', () => {
    const state = { evil: '"></body><script>alert(1)</script>' };
    const html = readerPage({ ...input, state });
    assert.ok(!html.includes('<script>alert'), 'state broke out of its attribute');
    const attr = /data-state="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.deepEqual(JSON.parse(unescape(attr)), state);
  });

  it('is a pure function of its input; the nonce is the caller\'s and changes the page', () => {
    assert.equal(readerPage(input), readerPage(input));
    assert.notEqual(readerPage(input), readerPage({ ...input, nonce: 'other' }));
  });
});

describe('readerCsp', () => {
  it('limits styles, images and fonts to the webview resource origin', () => {
    const csp = readerCsp('vscode-resource:', 'n');
    assert.match(csp, /style-src vscode-resource:(;|$)/);
    assert.match(csp, /img-src vscode-resource:(;|$)/);
    assert.match(csp, /form-action 'none'/);
  });
});

describe('resourceSources', () => {
  const style = 'https://file+.vscode-resource.vscode-cdn.net/home/me/.vscode/extensions/engineering-notes/media/reader.css';

  it("narrows the webview's sources to the stylesheet's folder and drops 'self'", () => {
    // code-server's cspSource: 'self' there is the workbench origin, which serves any file.
    assert.equal(resourceSources("'self' https://*.vscode-cdn.net", style), 'https://*.vscode-cdn.net/home/me/.vscode/extensions/engineering-notes/media/');
    assert.equal(resourceSources('https://*.vscode-cdn.net', style), 'https://*.vscode-cdn.net/home/me/.vscode/extensions/engineering-notes/media/');
  });

  it('keeps percent-encoded paths (Windows drive letters, spaces)', () => {
    const windows = 'https://file+.vscode-resource.vscode-cdn.net/c%3A/Users/Me%20Too/ext/media/reader.css';
    assert.equal(resourceSources('https://*.vscode-cdn.net', windows), 'https://*.vscode-cdn.net/c%3A/Users/Me%20Too/ext/media/');
  });

  it('falls back to the host sources, still without self, when the path cannot be used', () => {
    assert.equal(resourceSources("'self'", style), "'self'");
    assert.equal(resourceSources("'self' https://*.vscode-cdn.net", 'not a url'), 'https://*.vscode-cdn.net');
    // A ; or , in the path would end the directive or the source list.
    assert.equal(resourceSources("'self' https://*.vscode-cdn.net", 'https://x.vscode-cdn.net/a;b/media/reader.css'), 'https://*.vscode-cdn.net');
    assert.equal(resourceSources('https://*.vscode-cdn.net', 'https://x.vscode-cdn.net/a,b/media/reader.css'), 'https://*.vscode-cdn.net');
  });

  it('is what the page carries', () => {
    const page = readerPage({ nonce: 'n', cspSource: "'self' https://*.vscode-cdn.net", styleUri: style, scriptUri: style.replace('media/reader.css', 'dist/webview/reader.js'), articleHtml: '', noteId: 'x', title: 't', state: null });
    assert.match(page, /img-src https:\/\/\*\.vscode-cdn\.net\/home\/me\/\.vscode\/extensions\/engineering-notes\/media\/;/);
    assert.doesNotMatch(page, /'self'/);
  });
});
