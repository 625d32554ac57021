import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from '../../src/features/commands';
import { ROOT } from './helpers';

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    viewsWelcome: { view: string; contents: string; when?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
  };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

describe('package.json contributions', () => {
  it('contributes exactly the commands the extension registers', () => {
    assert.deepEqual([...contributed].sort(), Object.values(Command).sort());
  });

  it('the empty view links to the output it tells the user to read', () => {
    const empty = manifest.contributes.viewsWelcome.find((w) => w.when === 'engineeringNotes.empty');
    assert.ok(empty, 'no welcome content for the empty view');
    assert.match(empty.contents, /"Engineering Notes" output/);
    const links = [...empty.contents.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.ok(links.includes(Command.ShowOutput), `no link to ${Command.ShowOutput}: ${empty.contents}`);
    for (const id of links) assert.ok(contributed.has(id), `the welcome view links to ${id}, which is not contributed`);
  });

  it('shows Search Notes for Selection in the editor context menu only with a selection, in a late group', () => {
    const items = manifest.contributes.menus['editor/context'].filter((m) => m.command === Command.SearchSelection);
    assert.equal(items.length, 1);
    const [item] = items;
    assert.equal(item.when, 'editorHasSelection');
    // Groups sort by name after "navigation": this one comes after the clipboard group, before the palette.
    const group = (item.group ?? '').split('@')[0];
    assert.ok(group !== 'navigation' && group > '9_cutcopypaste' && group < 'z_commands', `group "${item.group}"`);
  });
});
