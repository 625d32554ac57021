import assert from 'node:assert/strict';
import { join } from 'node:path';
import { hintData, noteMeta } from '../../src/core/knowledgeBase';
import { formatProblem } from '../../src/core/note';
import { bundledAsExternal, mergeLibrary, type BundledNotes, type LibraryOptions } from '../../src/core/noteLibrary';
import { checkNoteSet, parseNoteFiles } from '../../src/core/noteSet';
import { FIXTURES, loadNoteFolder, readNoteFiles } from './helpers';

/** The fixture notes stand in for the bundled knowledge base; test/fixtures/workspace-notes for a team's. */
const bundledSet = loadNoteFolder(join(FIXTURES, 'notes'));
const bundled: BundledNotes = {
  topics: ['Start here', 'Reliability'],
  notes: bundledSet.notes.map(noteMeta),
  hints: bundledSet.notes.flatMap(hintData),
};
const workspace = checkNoteSet(parseNoteFiles(readNoteFiles(join(FIXTURES, 'workspace-notes'))), { external: bundledAsExternal(bundled) });
const options: LibraryOptions = { includeBundled: true, disabledRules: new Set(), runWorkspaceRules: true };

describe('checkNoteSet, for a workspace beside the bundled notes', () => {
  const lines = workspace.problems.map(formatProblem);

  it('accepts links into the bundled notes and into the workspace', () => {
    assert.ok(!lines.some((l) => /retries-in-practice\.md|team-runbook\.md/.test(l)), lines.join('\n'));
  });

  it('reports a link to a missing note and to a missing heading, at their lines', () => {
    assert.ok(lines.includes('test/fixtures/workspace-notes/broken-link.md:9: link to note "no-such-note" that does not exist'), lines.join('\n'));
    assert.ok(lines.includes('test/fixtures/workspace-notes/broken-link.md:9: link to "timeouts-first#nope": no such heading in that note'), lines.join('\n'));
  });

  it('reports a note that does not parse, and keeps every note that does', () => {
    // The list opened on line 3 is found unclosed where the next field starts.
    assert.ok(lines.some((l) => /^test\/fixtures\/workspace-notes\/bad-yaml\.md:[34]: front matter is not valid YAML/.test(l)), lines.join('\n'));
    assert.deepEqual(workspace.notes.map((n) => n.id).sort(), ['broken-link', 'retries-in-practice', 'team-runbook']);
  });

  it('allows topics the bundled notes do not have', () => {
    assert.ok(!lines.some((l) => l.includes('unknown topic')), lines.join('\n'));
  });

  it('refuses a hint id that a different bundled note owns', () => {
    const taken = bundled.hints[0];
    assert.ok(taken, 'the fixture notes have a hint rule');
    const external = bundledAsExternal(bundled);
    const note = { ...workspace.notes.find((n) => n.id === 'team-runbook')!, hints: [{ ...bundledSet.notes[0].hints[0], id: taken.id, line: 7 }] };
    const others = workspace.notes.filter((n) => n.id !== 'team-runbook' && n.id !== 'broken-link');
    const set = checkNoteSet({ notes: [...others, note], problems: [] }, { external });
    assert.deepEqual(set.problems.map(formatProblem), [
      `test/fixtures/workspace-notes/team-runbook.md:7: hint id "${taken.id}" is already used by the bundled note "${taken.noteId}"`,
    ]);
  });
});

describe('mergeLibrary', () => {
  it('lets a workspace note replace the bundled note with its id, and says so', () => {
    const lib = mergeLibrary(bundled, workspace.notes, options);
    const note = lib.byId.get('retries-in-practice');
    assert.equal(note?.origin, 'workspace');
    assert.equal(note?.title, 'Retries on Our Platform');
    assert.equal(note?.replacesBundled, true);
    assert.equal(lib.notes.filter((n) => n.id === 'retries-in-practice').length, 1);
    assert.equal(lib.byId.get('timeouts-first')?.origin, 'bundled');
  });

  it('drops the replaced note\'s bundled rules', () => {
    const lib = mergeLibrary(bundled, workspace.notes, options);
    const replacedRules = bundled.hints.filter((h) => h.noteId === 'retries-in-practice');
    assert.ok(replacedRules.length > 0, 'the fixture note has rules to replace');
    for (const r of replacedRules) assert.ok(!lib.hints.some((h) => h.id === r.id && h.noteId === r.noteId && !lib.workspaceIds.has(h.noteId)));
  });

  it('orders bundled topics first, then the workspace\'s own, each note under its topic', () => {
    const lib = mergeLibrary(bundled, workspace.notes, options);
    assert.deepEqual(lib.topics, ['Start here', 'Reliability', 'Our platform']);
    assert.deepEqual(
      lib.notes.map((n) => `${n.topic}/${n.id}`),
      ['Start here/timeouts-first', 'Reliability/retries-in-practice', 'Our platform/team-runbook', 'Our platform/broken-link'],
    );
  });

  it('leaves bundled notes and their rules out when they are turned off', () => {
    const lib = mergeLibrary(bundled, workspace.notes, { ...options, includeBundled: false });
    assert.ok(lib.notes.every((n) => n.origin === 'workspace'));
    assert.equal(lib.byId.get('retries-in-practice')?.replacesBundled, false);
    assert.equal(lib.hints.length, 0);
    assert.deepEqual(lib.topics, ['Reliability', 'Our platform']);
  });

  it('turns off single rules by id', () => {
    const all = mergeLibrary(bundled, [], options);
    const off = all.hints[0].id;
    const lib = mergeLibrary(bundled, [], { ...options, disabledRules: new Set([off]) });
    assert.equal(lib.hints.length, all.hints.length - 1);
    assert.ok(!lib.hints.some((h) => h.id === off));
  });

  it('runs no workspace rule when the workspace is not trusted', () => {
    const rule = { ...bundledSet.notes[0].hints[0], id: 'team-rule' };
    const withRule = [{ ...workspace.notes.find((n) => n.id === 'team-runbook')!, hints: [rule] }];
    assert.ok(mergeLibrary(bundled, withRule, options).hints.some((h) => h.id === 'team-rule'));
    const untrusted = mergeLibrary(bundled, withRule, { ...options, runWorkspaceRules: false });
    assert.ok(!untrusted.hints.some((h) => h.id === 'team-rule'));
    assert.ok(untrusted.byId.has('team-runbook'), 'the note itself is still read');
  });
});
