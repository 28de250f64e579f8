import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { ArchiveError } from '../utils/archive/index';
import { ArchiveImport, archiveErrorState, type ArchiveImportState } from './ArchiveImport';

function mount(state: ArchiveImportState, onPick = vi.fn(), onCancel = vi.fn()) {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const g = globalThis as { document?: unknown };
  const previous = g.document;
  g.document = document;
  const root = document.getElementById('root')!;
  render(<ArchiveImport state={state} onPick={onPick} onCancel={onCancel} />, root as unknown as Element);
  g.document = previous;
  return { root, onPick, onCancel };
}

const stats = {
  posts: 1200,
  boosts: 30,
  replies: 0,
  edited: 0,
  withMedia: 0,
  polls: 0,
  byVisibility: { public: 700, unlisted: 100, private: 300, direct: 100 },
  mediaEntriesSkipped: 52,
  bytesRead: 1,
  outboxBytes: 1,
  itemsSkipped: 0,
  likes: 0,
  bookmarks: 0,
  actorMissing: true,
};

describe('ArchiveImport', () => {
  it('offers a labelled file picker', () => {
    const { root } = mount({ status: 'idle' });
    const input = root.querySelector('input[type=file]')!;
    expect(root.querySelector(`label[for="${input.getAttribute('id')}"]`)?.textContent).toBe(
      'Mastodon archive (.zip)',
    );
  });

  it('shows progress and a cancel button while reading', () => {
    const { root } = mount({
      status: 'reading',
      fileName: 'a.zip',
      bytes: 5 * 1024 * 1024,
      total: 10 * 1024 * 1024,
    });
    expect(root.textContent).toContain('Reading the archive: 5 MB of 10 MB');
    expect(root.querySelector('input[type=file]')!.hasAttribute('disabled')).toBe(true);
    expect(root.querySelector('button')!.textContent).toBe('Cancel');
  });

  it('shows an error as a sentence with what to do next', () => {
    const state = archiveErrorState(new ArchiveError('truncated', 'cut off'));
    const { root } = mount(state);
    const alert = root.querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('Download it again');
    expect(alert.textContent).toContain('Your saved data was not changed.');
  });

  it('reports a cancelled import', () => {
    const { root } = mount(archiveErrorState(new DOMException('stop', 'AbortError')));
    expect(root.querySelector('[role=alert]')!.textContent).toContain('Import cancelled');
  });

  it('summarises the result', () => {
    const { root } = mount({ status: 'done', fileName: 'a.zip', stats });
    expect(root.textContent).toContain('Read 1,200 posts and 30 boosts');
    expect(root.textContent).toContain('Followers only: 300');
    expect(root.textContent).toContain('52 media files');
    expect(root.textContent).toContain('actor.json');
  });

  it('counts one post and one boost in the singular', () => {
    const { root } = mount({ status: 'done', fileName: 'a.zip', stats: { ...stats, posts: 1, boosts: 1 } });
    expect(root.textContent).toContain('Read 1 post and 1 boost from the archive.');
  });
});
