import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderArticle } from '../../src/core/article';
import { noteMeta } from '../../src/core/knowledgeBase';
import { parseNote } from '../../src/core/noteParser';
import { articleAffordances, unescapeHtml } from '../../src/core/readerGuard';
import { FIXTURES, loadNoteFolder } from './helpers';

const set = loadNoteFolder(join(FIXTURES, 'notes'));
const byId = new Map(set.notes.map((n) => [n.id, noteMeta(n)]));

function render(body: string): string {
  const text = `---\nid: guarded\ntitle: Guarded\nsummary: A note for the reader guard.\ntopic: Reliability\norder: 9\nrelated: [timeouts-first]\n---\n\n${body}\n`;
  const parsed = parseNote('guarded.md', text, 'guarded');
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.map((p) => p.message).join('\n'));
  return renderArticle(parsed.note, byId);
}

describe('articleAffordances', () => {
  const html = render(
    [
      '## First part',
      '',
      'See [the deadline](timeouts-first.md#every-call-has-a-deadline), [retries](retries-in-practice.md) and [the spec](https://example.com/a?b=1&c="2").',
      '',
      '```ts',
      'if (a < b && c > "d") { copy(\'me\'); }',
      '```',
      '',
      'An unsafe [link](javascript:alert(1)) stays text.',
    ].join('\n'),
  );
  const allowed = articleAffordances(html);

  it('lists the note links of the article, with their sections', () => {
    assert.ok(allowed.noteLinks.has('timeouts-first#every-call-has-a-deadline'), [...allowed.noteLinks].join(', '));
    assert.ok(allowed.noteLinks.has('retries-in-practice#'));
    assert.ok(allowed.noteLinks.has('timeouts-first#'), 'the related notes footer links too');
    assert.ok(!allowed.noteLinks.has('retries-in-practice#backoff-and-jitter'));
  });

  it('lists external links exactly as the page reads their href', () => {
    assert.deepEqual([...allowed.external], ['https://example.com/a?b=1&c=%222%22']);
  });

  it('lists the headings and the code blocks as text', () => {
    assert.ok(allowed.anchors.has('first-part'));
    assert.deepEqual([...allowed.code], ['if (a < b && c > "d") { copy(\'me\'); }\n']);
  });

  it('allows nothing for an empty page', () => {
    const none = articleAffordances('');
    assert.equal(none.noteLinks.size + none.external.size + none.anchors.size + none.code.size, 0);
  });
});

describe('unescapeHtml', () => {
  it('undoes the renderer\'s escaping and nothing else', () => {
    assert.equal(unescapeHtml('&lt;a&gt; &amp;amp; &quot;x&quot; &#39;y&#39; &copy;'), '<a> &amp; "x" \'y\' &copy;');
  });
});
