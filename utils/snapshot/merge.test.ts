import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeStatus } from '../../test/factories';
import { mergeAtSave } from './merge';

const post = (id: string, day: number) =>
  makeStatus({ id, created_at: `2024-01-${String(day).padStart(2, '0')}T00:00:00.000Z` });

describe('mergeAtSave', () => {
  const start = makeSnapshot({ fetchedAt: '2024-02-01T00:00:00Z', statuses: [post('2', 2), post('1', 1)] });
  const crawled = {
    ...start,
    fetchedAt: '2024-02-02T00:00:00Z',
    statuses: [post('3', 3), post('2', 2), post('1', 1)],
  };

  it.each([
    ['nothing stored', null, ['3', '2', '1'], 'api'],
    ['nothing written since the start', start, ['3', '2', '1'], 'api'],
    [
      'an archive merged since the start: its posts are kept, the crawl wins for the rest',
      {
        ...start,
        fetchedAt: '2024-02-01T12:00:00Z',
        source: 'api+archive' as const,
        statuses: [post('2', 2), post('1', 1), post('a', 0 + 1)],
      },
      ['3', '2', '1', 'a'],
      'api+archive',
    ],
  ])('%s', (_name, stored, ids, source) => {
    const merged = mergeAtSave(start, stored, crawled);
    expect(merged.statuses.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(merged.source).toBe(source);
    expect(merged.fetchedAt).toBe(crawled.fetchedAt);
  });

  it('the archive’s posts it keeps stay marked as the archive’s; those the crawl read are the API’s', () => {
    const stored = {
      ...start,
      fetchedAt: '2024-02-01T12:00:00Z',
      source: 'api+archive' as const,
      statuses: [post('3', 3), post('2', 2), post('1', 1), post('a', 1)],
      // '3' is in the archive and not yet read from the API when it was merged; the crawl then read it.
      archiveOnly: ['3', 'a'],
    };
    const merged = mergeAtSave(start, stored, crawled);
    expect(merged.archiveOnly).toEqual(['a']);
    // A crawl that started after a merge carries the list itself.
    const later = mergeAtSave(
      stored,
      { ...stored, fetchedAt: 'later', statuses: [post('b', 1)], archiveOnly: ['b'] },
      {
        ...crawled,
        source: 'api+archive',
        statuses: [...crawled.statuses, post('a', 1)],
        archiveOnly: ['a'],
      },
    );
    expect([...later.archiveOnly!].sort()).toEqual(['a', 'b']);
    expect(mergeAtSave(start, null, crawled).archiveOnly).toBeUndefined();
  });

  it('keeps the order newest first', () => {
    const stored = { ...start, fetchedAt: 'later', source: 'archive' as const, statuses: [post('old', 1)] };
    const merged = mergeAtSave(null, stored, { ...crawled, statuses: [post('3', 3)] });
    expect(merged.statuses.map((s) => s.id)).toEqual(['3', 'old']);
  });
});
