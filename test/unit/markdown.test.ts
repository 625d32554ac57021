import assert from 'node:assert/strict';
import { isAllowedHref, parseNoteLink, renderNoteHtml } from '../../src/core/markdown';
import { slugify } from '../../src/core/slug';

describe('renderNoteHtml', () => {
  it('aligns table columns with classes, not inline styles the CSP would refuse', () => {
    const html = renderNoteHtml('| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |');
    assert.ok(!html.includes('style='), html);
    assert.match(html, /<th class="align-left">a<\/th>/);
    assert.match(html, /<th class="align-center">b<\/th>/);
    assert.match(html, /<td class="align-right">3<\/td>/);
    assert.match(html, /<td>4<\/td>/);
  });

  it('shows raw HTML as text instead of rendering it', () => {
    const html = renderNoteHtml('<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)>');
    assert.ok(!html.includes('<script'), html);
    assert.ok(!html.includes('<img'), html);
    assert.ok(html.includes('&lt;script&gt;'));
  });

  it('neutralises javascript:, vbscript:, data: and file: links in every link form', () => {
    const src = [
      '[a](javascript:alert(1))',
      '[b](JaVaScRiPt:alert(1))',
      '[c](vbscript:msgbox(1))',
      '[d](data:text/html;base64,PHNjcmlwdD4=)',
      '[e](file:///etc/passwd)',
      '<javascript:alert(1)>',
      '[f][ref]',
      '',
      '[ref]: javascript:alert(1)',
    ].join('\n\n');
    const html = renderNoteHtml(src);
    assert.ok(!/href="(?:javascript|vbscript|data|file):/i.test(html), html);
    assert.ok(!/<a /.test(html), html);
  });

  it('keeps http, https and mailto links and marks them external', () => {
    const html = renderNoteHtml('[a](https://example.com/x) [b](mailto:ops@example.com)');
    assert.match(html, /<a href="https:\/\/example\.com\/x" data-external="" title="https:\/\/example\.com\/x">a<\/a>/);
    assert.match(html, /href="mailto:ops@example\.com" data-external=""/);
  });

  it('turns links to other notes into reader links', () => {
    const html = renderNoteHtml('[keys](idempotency-in-payment-flows.md#choosing-the-key) [note](other-note.md)');
    assert.match(html, /href="idempotency-in-payment-flows\.md#choosing-the-key" data-note="idempotency-in-payment-flows" data-section="choosing-the-key"/);
    assert.match(html, /href="other-note\.md" data-note="other-note">note/);
  });

  it('gives headings stable, unique anchors', () => {
    const html = renderNoteHtml('## Timeouts, everywhere!\n\n## Setup\n\n### Setup\n\n## `fetch()` and AbortSignal');
    assert.match(html, /<h2 id="timeouts-everywhere">/);
    assert.match(html, /<h2 id="setup">/);
    assert.match(html, /<h3 id="setup-2">/);
    assert.match(html, /<h2 id="fetch-and-abortsignal">/);
    assert.equal(renderNoteHtml('## Setup'), renderNoteHtml('## Setup'), 'anchors do not depend on earlier renders');
  });

  it('puts a code block\'s language and Copy button in a header above the code, not over it', () => {
    const html = renderNoteHtml('```ts\nconst a = "<b>";\n```');
    assert.match(html, /^<div class="code-block"><div class="code-head"><span class="code-lang">ts<\/span><button class="copy" type="button"[^>]*>Copy<\/button><\/div><pre><code/);
  });

  it('highlights code blocks at build time: escaped text in class-only spans', () => {
    const html = renderNoteHtml('```ts\nconst a = "<b>"; // note\n```');
    assert.match(html, /<code class="language-ts hljs"><span class="hljs-keyword">const<\/span> a = <span class="hljs-string">&quot;&lt;b&gt;&quot;<\/span>;/);
    assert.match(html, /<span class="hljs-comment">\/\/ note<\/span>/);
    for (const lang of ['tsx', 'python', 'go', 'java', 'sql']) assert.match(renderNoteHtml(`\`\`\`${lang}\nreturn 1\n\`\`\``), /class="hljs-/, lang);
  });

  it('escapes code in a language the highlighter does not know, and code with no language', () => {
    assert.match(renderNoteHtml('```promql\nrate(x[5m]) > "<b>"\n```'), /<code class="language-promql">rate\(x\[5m\]\) &gt; &quot;&lt;b&gt;&quot;\n<\/code>/);
    assert.match(renderNoteHtml('```\n<b>\n```'), /<div class="code-head"><button class="copy"[^>]*>Copy<\/button><\/div><pre><code>&lt;b&gt;\n<\/code>/);
  });

  it('does not let a code fence language break out of its attribute', () => {
    const html = renderNoteHtml('```ts" onmouseover="alert(1)\nx\n```');
    assert.ok(!/<code[^>]* onmouseover=/.test(html), html);
  });
});

describe('isAllowedHref', () => {
  it('allows anchors, note links and the external schemes only', () => {
    for (const ok of ['#a', 'note-a.md', './note-a.md#x', 'https://a.b', 'http://a.b', 'mailto:a@b.c']) assert.ok(isAllowedHref(ok), ok);
    for (const bad of ['javascript:x', 'data:text/html,x', 'file:///etc/passwd', 'command:workbench.action.quit', 'vscode://x', '../secret.md', '/etc/passwd', 'notes/a.md', 'ftp://x']) {
      assert.ok(!isAllowedHref(bad), bad);
    }
  });
});

describe('parseNoteLink', () => {
  it('decodes the anchor and rejects paths', () => {
    assert.deepEqual(parseNoteLink('a-b.md#caf%C3%A9'), { noteId: 'a-b', anchor: 'café' });
    assert.equal(parseNoteLink('../a.md'), undefined);
  });
});

describe('slugify', () => {
  it('follows the documented rule', () => {
    assert.equal(slugify('Retries need a budget'), 'retries-need-a-budget');
    assert.equal(slugify('  SKIP LOCKED -- queues  '), 'skip-locked-queues');
    assert.equal(slugify('Café & crème'), 'café-crème');
  });
});
