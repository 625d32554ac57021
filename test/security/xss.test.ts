import assert from 'node:assert/strict';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { URI } from 'vscode-uri';
import { renderArticle } from '../../src/core/article';
import { isAllowedHref } from '../../src/core/markdown';
import { EXTERNAL_SCHEMES } from '../../src/core/markdownSchemes';
import type { Note, NoteMeta } from '../../src/core/note';
import { parseNote } from '../../src/core/noteParser';
import { parseWebviewMessage } from '../../src/shared/messages';
import { allCases, fixtureCases, type HostileCase } from './corpus';
import { ReaderBrowser, readerDocument, ROOT, startServers, type Observation, type Servers } from './harness';
import { summary } from './summary';

/**
 * Issue 6, part 1: every hostile input goes through the real pipeline (parseNote, renderArticle,
 * readerPage with a fresh nonce and the real CSP, the real dist/webview/reader.js) into Chromium.
 * An input is blocked when no script ran, no request left for anywhere but the reader's own two
 * resources, nothing navigated, and every message its links posted is one the extension would act
 * on safely.
 */

const cases = allCases();

after(() => {
  summary.save(join(ROOT, 'test-results'));
  console.log('\n' + summary.lines().join('\n'));
});

/** A related note with a hostile title and summary, so the related-notes footer is attacked too. */
const RELATED: NoteMeta = {
  id: 'hostile-related',
  title: '</a><script>__pwned("related-title")</script>',
  summary: '"><img src=x onerror=__pwned("related-summary")>',
  topic: 'x',
  order: 1,
  tags: [],
  related: [],
  sections: [],
};

function yamlString(s: string): string {
  return JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
}

/** The note as the build step would have it: parsed from a file, hostile fields and all. */
export function hostileNote(c: HostileCase, index: number): Note {
  const f = c.fields ?? {};
  const id = `hostile-${index}`;
  const file = [
    '---',
    `id: ${id}`,
    `title: ${yamlString(f.title ?? `Hostile input ${c.name}`)}`,
    `summary: ${yamlString(f.summary ?? 'One input from the hostile corpus.')}`,
    `topic: ${yamlString(f.topic ?? 'Security')}`,
    'order: 1',
    `tags: [${(f.tags ?? ['xss']).map(yamlString).join(', ')}]`,
    'related: [hostile-related]',
    '---',
    c.markdown,
  ].join('\n');
  const parsed = parseNote(`test/fixtures/hostile/${id}.md`, file, id);
  if (parsed.ok) return parsed.note;
  // Over the size limit or otherwise refused by the parser: the build would drop it, but render it
  // anyway so the renderer and the page still face it.
  return {
    id, file: `${id}.md`, title: f.title ?? c.name, summary: f.summary ?? '', topic: f.topic ?? 'Security', order: 1, tags: f.tags ?? [],
    related: ['hostile-related'], hints: [], body: c.markdown, bodyLine: 1, sections: [], links: [], wordCount: 0, fieldLines: {},
  };
}

/** What the extension would do with a message (readerPanel.ts): its validator, then its scheme check. */
function extensionVerdict(raw: unknown): { accepted: boolean; opens?: string; problem?: string } {
  const m = parseWebviewMessage(raw);
  if (!m) return { accepted: false };
  if (m.type !== 'openExternal') return { accepted: true };
  let scheme: string;
  try {
    scheme = URI.parse(m.href, true).scheme; // the same parser as vscode.Uri.parse
  } catch {
    return { accepted: false };
  }
  if (!(EXTERNAL_SCHEMES as readonly string[]).includes(`${scheme}:`)) return { accepted: false };
  // The extension would open it: the renderer must have vetted it too.
  if (!isAllowedHref(m.href)) return { accepted: true, opens: m.href, problem: `page asked to open ${m.href}, which the renderer should have refused` };
  return { accepted: true, opens: m.href };
}

const NOTE_TAGS = new Set([
  'header', 'nav', 'article', 'footer', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'em', 'strong', 's', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'span', 'button',
]);

/** Every reason this observation is not "blocked". */
function failures(obs: Observation): string[] {
  const out: string[] = [];
  if (!obs.ready) out.push(`the reader script did not start (nothing was tested): ${obs.errors.join('; ')}`);
  for (const s of obs.scripts) out.push(`script ran: ${s}`);
  for (const l of obs.leaks) out.push(`request left: ${l}`);
  for (const n of obs.navigations) out.push(`navigated: ${n}`);
  for (const e of obs.errors.filter((x) => x.startsWith('harness:'))) out.push(e);
  for (const m of obs.posted) {
    const v = extensionVerdict(m);
    if (v.problem) out.push(v.problem);
  }
  for (const [tag, name, value] of obs.attributes) {
    if (/^on/i.test(name)) out.push(`<${tag}> has an event handler ${name}="${value}"`);
    if ((name === 'href' || name === 'src') && value !== '' && !isAllowedHref(value)) out.push(`<${tag} ${name}="${value.slice(0, 80)}">`);
    if (!['href', 'src', 'style'].includes(name)) out.push(`<${tag}> has ${name}="${value.slice(0, 80)}"`);
  }
  for (const t of obs.tags) if (!NOTE_TAGS.has(t)) out.push(`the note contains a <${t}>`);
  return out;
}

describe('hostile Markdown in the real reader page (Chromium, real CSP)', function () {
  this.timeout(120_000);
  let servers: Servers;
  let browser: ReaderBrowser;
  const notesById = new Map<string, NoteMeta>([[RELATED.id, RELATED]]);

  before(async () => {
    servers = await startServers();
    browser = new ReaderBrowser(servers);
    await browser.start();
  });
  after(async () => {
    await browser?.stop();
    await servers?.close();
  });

  // Controls: each check must be able to fail, or "0 scripts ran" would prove nothing.
  describe('the harness sees what it looks for', () => {
    const withScript = (body: string) => {
      const html = readerDocument(servers, '<p>control</p>', 'control', 'Control');
      const nonce = /<script nonce="([^"]+)"/.exec(html)?.[1] ?? '';
      return html.replace('</main>', `</main><script nonce="${nonce}">${body}</script>`);
    };

    it('a script that runs calls the canary and opens a dialog: both are seen', async () => {
      const obs = await browser.visit({ html: withScript("__pwned('control'); alert('control')"), articleHtml: '<p>control</p>' });
      assert.ok(obs.ready);
      assert.deepEqual(obs.scripts, ['__pwned(control)', 'dialog alert: control']);
    });

    it('a request to another origin is seen, and reaches the canary server when nothing blocks it', async () => {
      const before = servers.canaryHits.length;
      const html = readerDocument(servers, `<img src="${servers.canaryOrigin}/control.png">`, 'control', 'Control').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
      const obs = await browser.visit({ html, articleHtml: '<p>control</p>' });
      assert.ok(obs.leaks.some((l) => l.includes('/control.png')), JSON.stringify(obs.leaks));
      assert.ok(servers.canaryHits.length > before);
      servers.canaryHits.splice(before);
    });

    it('a disallowed link in the note fails the case', async () => {
      const article = '<p><a href="javascript:__pwned(1)" data-external="">x</a></p>';
      const obs = await browser.visit({ html: readerDocument(servers, article, 'control', 'Control'), articleHtml: article });
      assert.ok(obs.posted.some((m) => (m as { type: string }).type === 'openExternal'), 'the click posted nothing');
      assert.ok(failures(obs).some((f) => f.includes('javascript:')), failures(obs).join('\n'));
    });
  });

  describe(`the real pipeline: ${cases.length} inputs`, () => {
    let results: Observation[] = [];
    before(async () => {
      results = await browser.visitAll(
        cases.map((c, i) => () => {
          const note = hostileNote(c, i);
          const article = renderArticle(note, notesById);
          return { html: readerDocument(servers, article, note.id, note.title), articleHtml: article };
        }),
      );
      cases.forEach((c, i) => summary.record('pipeline', c, results[i], failures(results[i]), results[i].posted.map(extensionVerdict)));
    });

    it('reaches no other origin (the canary server saw nothing)', () => assert.deepEqual(servers.canaryHits, []));

    cases.forEach((c, i) => {
      it(`${c.group} / ${c.name}`, () => assert.deepEqual(failures(results[i]), []));
    });
  });

  // Defence in depth: if the renderer ever let raw HTML through, the CSP alone must still stop
  // every script. Raw HTML on, every link allowed: only the page's CSP and script stand in the way.
  describe(`the CSP alone (raw HTML rendered, links unvetted): ${fixtureCases().length} inputs`, () => {
    const raw = fixtureCases();
    const unsafe = new MarkdownIt({ html: true, linkify: true });
    unsafe.validateLink = () => true;
    let results: Observation[] = [];
    before(async () => {
      results = await browser.visitAll(
        raw.map((c) => () => {
          const article = `<article class="note-body">${unsafe.render(c.markdown)}</article>`;
          return { html: readerDocument(servers, article, 'csp-only', c.name), articleHtml: article, clickEverything: true };
        }),
      );
      raw.forEach((c, i) => summary.record('csp-only', c, results[i], [], []));
    });

    raw.forEach((c, i) => {
      it(`${c.group} / ${c.name}`, () => {
        const obs = results[i];
        // Raw HTML can stop the reader itself (an unclosed comment swallows its script): not a script running.
        assert.deepEqual(obs.errors.filter((e) => e.startsWith('harness:')), []);
        assert.deepEqual(obs.scripts, [], 'a script ran with only the CSP in the way');
        // Every subresource must be stopped; a navigation (meta refresh) is not the CSP's to stop.
        assert.deepEqual(obs.leaks.filter((l) => !l.startsWith('document ')), [], 'a request left with only the CSP in the way');
      });
    });
  });
});
