import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { makeRemoteAccount, makeSnapshot, makeStatus } from '../test/factories';
import { computeHolders } from '../utils/holders/index';
import type { SnapshotPart } from '../utils/snapshot/types';
import { HoldersMap } from './HoldersMap';

function mount(incomplete: SnapshotPart[] = []) {
  const snapshot = makeSnapshot({
    instance: { domain: 'home.example', title: 'Home', version: '4.3.0' },
    statuses: [
      makeStatus({ visibility: 'private' }),
      makeStatus({
        visibility: 'direct',
        mentions: [{ id: '9', username: 'eve', acct: 'eve@dm.example', url: 'https://dm.example/@eve' }],
      }),
    ],
    followers: [makeRemoteAccount('ann', 'far.example'), makeRemoteAccount('bob', 'far.example')],
    incomplete,
  });
  const map = computeHolders(snapshot, { trustedServers: ['home.example'], retentionDays: null });
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const g = globalThis as { document?: unknown };
  const previous = g.document;
  g.document = document;
  const root = document.getElementById('root')!;
  const fn = vi.fn();
  render(
    <HoldersMap map={map} onRemoveFollowers={fn} onBlockDomain={fn} onTrust={fn} />,
    root as unknown as Element,
  );
  g.document = previous;
  return root;
}

describe('HoldersMap', () => {
  it('leads with the worst facts, then the picture and a table of the groups', () => {
    const root = mount();
    const facts = [...root.querySelectorAll('[data-testid=holders-facts] li')].map((li) =>
      li.getAttribute('data-fact'),
    );
    expect(facts).toEqual(['direct-untrusted', 'followers-only-untrusted']);
    expect(root.querySelector('[data-testid=holders-diagram] svg[role=group]')).not.toBe(null);
    const row = (group: string) =>
      [...root.querySelectorAll(`[data-testid=holders-groups] tr[data-group=${group}] td`)].map(
        (td) => td.textContent,
      );
    // Servers, suspended, limited, not trusted, trusted, DMs, followers-only posts, public posts.
    expect(row('direct')).toEqual(['1', '0', '0', '1', '0', '1', '0', '0']);
    expect(row('followersOnly')).toEqual(['1', '0', '0', '1', '0', '0', '1', '0']);
    expect(root.querySelector('[data-testid=holders-incomplete]')).toBe(null);
  });

  it('says when the counts come from a partial read', () => {
    expect(mount(['followers']).querySelector('[data-testid=holders-incomplete]')!.textContent).toContain(
      'may be too low',
    );
  });
});
