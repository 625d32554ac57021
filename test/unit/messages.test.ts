import assert from 'node:assert/strict';
import { parseReaderState, parseWebviewMessage } from '../../src/shared/messages';

describe('parseWebviewMessage', () => {
  it('accepts the messages the reader sends', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'open', noteId: 'a-b', section: 'x-y', via: 'link' }), { type: 'open', noteId: 'a-b', section: 'x-y', via: 'link' });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', text: 'code' }), { type: 'copy', text: 'code' });
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
  });

  it('drops unknown and malformed messages', () => {
    for (const bad of [
      null,
      'open',
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'open', noteId: '../../etc/passwd', section: '', via: 'link' },
      { type: 'open', noteId: 'a', section: '"><script>', via: 'link' },
      { type: 'open', noteId: 'a', section: '', via: 'admin' },
      { type: 'openExternal', href: 42 },
      { type: 'openExternal', href: 'https://a/' + 'x'.repeat(5000) },
      { type: 'copy', text: { toString: 'x' } },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('parseReaderState', () => {
  it('keeps valid entries and clamps the index', () => {
    assert.deepEqual(parseReaderState({ history: [{ noteId: 'a', section: '' }, { noteId: '!!', section: '' }], index: 9 }), {
      history: [{ noteId: 'a', section: '' }],
      index: 0,
    });
    assert.equal(parseReaderState({ history: [], index: 0 }), undefined);
    assert.equal(parseReaderState('x'), undefined);
  });
});
