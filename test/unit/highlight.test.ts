import assert from 'node:assert/strict';
import { checkedHighlight, isSafeHighlight } from '../../src/core/highlight';

describe('checkedHighlight', () => {
  it('keeps every character of the code, escaped, and adds only class-only spans', () => {
    const code = 'const s = `${a}</code></pre><script>x()</script>` + "\'&\'"; // <img src=x onerror=y()>\n';
    const html = checkedHighlight(code, 'typescript');
    assert.ok(html, 'no highlighting');
    assert.ok(!/<(?!\/?span\b)/.test(html), html);
    assert.ok(!/<span (?!class="[a-z0-9_ -]+">)/.test(html), html);
    assert.ok(isSafeHighlight(html, code));
  });

  it('gives nothing for a language it does not know, so the caller escapes the code', () => {
    assert.equal(checkedHighlight('x', 'promql'), undefined);
    assert.equal(checkedHighlight('x', ''), undefined);
    assert.equal(checkedHighlight('x', '__proto__'), undefined);
  });
});

describe('isSafeHighlight', () => {
  it('accepts escaped text in balanced class-only spans that show exactly the code', () => {
    assert.ok(isSafeHighlight('<span class="hljs-keyword">if</span> a &lt; b', 'if a < b'));
    assert.ok(isSafeHighlight('', ''));
  });

  it('refuses any other markup, attributes, unbalanced spans, raw markup characters and changed text', () => {
    const code = 'if a < b';
    for (const bad of [
      '<span class="hljs-keyword" onclick="x()">if</span> a &lt; b',
      '<span style="color:red">if</span> a &lt; b',
      '<img src=x>if a &lt; b',
      '<span class="hljs-keyword">if a &lt; b',
      '</span>if a &lt; b<span class="x">',
      'if a < b',
      'if a &lt; c',
      'if a &#60; b',
      '<span class="hljs-keyword">if</span> a &lt; b<script></script>',
    ]) {
      assert.equal(isSafeHighlight(bad, code), false, bad);
    }
  });

  it('checks a long output in one pass (a failing check does not backtrack)', () => {
    // Linear by construction: a sticky regex per piece. This input would take far too long for a
    // nested-quantifier pattern; here it simply returns false.
    const long = 'a'.repeat(200_000) + '<';
    assert.equal(isSafeHighlight(long, long), false);
  });
});
