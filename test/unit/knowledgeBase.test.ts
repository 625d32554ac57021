import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateHintRules } from '../../src/core/hints/validate';
import { formatProblem } from '../../src/core/note';
import { noteDocument } from '../../src/core/search/documents';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { ROOT, loadNoteFolder, readNoteFiles, readTopics } from './helpers';
import { loader } from './hintHelpers';

/**
 * Quality gates over the bundled knowledge base (notes/): what every note must be before it ships.
 */
const NOTES = join(ROOT, 'notes');
const topics = readTopics(NOTES);
const files = readNoteFiles(NOTES);
const set = loadNoteFolder(NOTES);

/** Slugs of the catalogue rows every knowledge base release must cover. */
const CATALOGUE = [
  'request-to-completion',
  'reliable-workflow-systems',
  'why-distributed-systems-fail',
  'api-security-mistakes',
  'apis-that-survive-production',
  'stable-interfaces-and-contracts',
  'why-deployments-break',
  'observability-explains-state',
  'owning-the-backend',
  'eventual-consistency-in-the-ui',
  'frontend-state-in-async-systems',
  'end-to-end-performance',
  'reliability-under-real-traffic',
  'idempotency-in-payment-flows',
  'event-driven-workflows-kafka',
  'job-schedulers-and-worker-leasing',
  'multi-tenant-systems',
  'tenant-aware-apis-and-admin',
  'finding-slow-sql',
  'tracing-latency-end-to-end',
  'architecture-boundaries-and-decisions',
  'local-llms-for-developer-workflows',
];

describe('the bundled knowledge base', () => {
  it('has no problems: every note parses, ids are unique, links, related ids and hint sections resolve, hint examples pass', () => {
    assert.deepEqual(set.problems.map(formatProblem), []);
    assert.equal(set.notes.length, files.length);
  });

  it('covers every catalogue topic', () => {
    const ids = new Set(set.notes.map((n) => n.id));
    assert.deepEqual(CATALOGUE.filter((id) => !ids.has(id)), []);
  });

  it('puts "Start here" first and every note under a listed topic (reachable in the tree)', () => {
    assert.equal(topics[0], 'Start here');
    for (const n of set.notes) assert.ok(topics.includes(n.topic), `${n.id}: topic "${n.topic}"`);
    assert.equal(set.notes[0].topic, 'Start here');
  });

  for (const note of set.notes) {
    describe(note.id, () => {
      it('is at least 900 words', () => assert.ok(note.wordCount >= 900, `${note.wordCount} words`));

      it('has code', () => assert.match(note.body, /^```[a-z]+\n/m));

      it('opens with the failure before the first heading', () => {
        const intro = note.sections.find((s) => s.anchor === '');
        assert.ok(intro && intro.text.split(/\s+/).length >= 25, 'no opening paragraph');
      });

      it('ends with a Checklist section', () => {
        const h2 = note.sections.filter((s) => s.level === 2);
        assert.equal(h2.at(-1)?.heading, 'Checklist');
      });

      it('links to related notes', () => {
        assert.ok(note.related.length >= 1, 'no related notes');
        assert.ok(note.links.length >= 1, 'no inline links to other notes');
      });

      it('has a one- or two-sentence summary', () => {
        const sentences = note.summary.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length;
        assert.ok(sentences >= 1 && sentences <= 2, note.summary);
      });

    });
  }

  it('every hint rule compiles for its grammars and passes its examples (as the build checks)', async function () {
    this.timeout(120_000);
    const { problems } = await validateHintRules(set.notes, loader);
    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('has unique hint ids', () => {
    const ids = set.notes.flatMap((n) => n.hints.map((h) => h.id));
    assert.equal(new Set(ids).size, ids.length);
  });

  describe('search by concept', () => {
    const index = SearchIndex.create(set.notes.map(noteDocument));
    const queries = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'search-queries.json'), 'utf8')) as { query: string; note: string }[];

    it('has a query for every note', () => {
      const covered = new Set(queries.map((q) => q.note));
      assert.deepEqual(set.notes.map((n) => n.id).filter((id) => !covered.has(id)), []);
    });

    for (const { query, note } of queries) {
      it(`"${query}" finds ${note} in the top three`, () => {
        const top = index.search(query, { limit: 3 }).map((h) => h.noteId);
        assert.ok(top.includes(note), `top three: ${top.join(', ')}`);
      });
    }
  });
});
