import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import matter from 'gray-matter';
import { FIXTURES, ROOT } from './helpers';

/** The JSON Schema shipped for teams and CI (schemas/note-front-matter.schema.json), held to the notes. */
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'note-front-matter.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function frontMatter(file: string): unknown {
  return matter(readFileSync(file, 'utf8')).data;
}

describe('the front matter schema', () => {
  it('is a valid JSON Schema (2020-12) that compiles in strict mode', () => {
    assert.equal(typeof validate, 'function');
  });

  const dir = join(FIXTURES, 'workspace-notes');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'bad-yaml.md')) {
    it(`accepts the workspace note ${name}`, () => {
      assert.ok(validate(frontMatter(join(dir, name))), JSON.stringify(validate.errors));
    });
  }

  it('accepts a note with a concept and a risk rule in the tree-sitter format', () => {
    const note = {
      id: 'our-retries',
      title: 'Our Retries',
      summary: 'How we retry.',
      topic: 'Our platform',
      order: 1,
      hints: [
        {
          id: 'our-fetch',
          tier: 'risk',
          label: 'fetch() with no timeout: a hung dependency holds this request open',
          section: 'timeouts',
          query: { typescript: '(call_expression function: (identifier) @fn (#eq? @fn "fetch")) @hint' },
          examples: { typescript: { match: ['fetch(url)'], noMatch: ['get(url)'] } },
        },
      ],
    };
    assert.ok(validate(note), JSON.stringify(validate.errors));
  });

  it('refuses unknown fields, a bad id, an unknown tier, a long label and a language it does not know', () => {
    const base = { id: 'x', title: 'X', summary: 'S', topic: 'T', order: 1 };
    const hint = { id: 'h', tier: 'risk', label: 'L', section: 's', query: { typescript: 'q' }, examples: { typescript: { match: ['a'], noMatch: ['b'] } } };
    const bad: [string, unknown][] = [
      ['an unknown field', { ...base, tgas: [] }],
      ['an id with capitals', { ...base, id: 'Retries' }],
      ['a missing summary', { id: 'x', title: 'X', topic: 'T', order: 1 }],
      ['an unknown tier', { ...base, hints: [{ ...hint, tier: 'warning' }] }],
      ['a label over 80 characters', { ...base, hints: [{ ...hint, label: 'x'.repeat(81) }] }],
      ['an unknown language', { ...base, hints: [{ ...hint, query: { cobol: 'q' } }] }],
      ['examples without noMatch', { ...base, hints: [{ ...hint, examples: { typescript: { match: ['a'] } } }] }],
    ];
    for (const [what, value] of bad) assert.equal(validate(value), false, `accepted ${what}`);
  });
});
