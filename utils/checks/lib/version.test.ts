import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../../test/factories';
import type { Instance } from '../../mastodon/schemas';
import { appliesTo, parseVersion, serverVersion } from './version';

const instance = (version: string): Instance => ({ domain: 'example.social', title: 'Example', version });

describe('parseVersion', () => {
  it.each([
    { text: '4.5.2', want: [4, 5, 2] },
    { text: '4.6.0+glitch', want: [4, 6, 0] },
    { text: '4.4.0-beta.1', want: [4, 4, 0] },
    { text: '4.3', want: [4, 3, 0] },
    { text: '3.0.0 (compatible; GoToSocial 0.17.0)', want: null },
    { text: 'nonsense', want: null },
    { text: '', want: null },
  ])('$text', ({ text, want }) => expect(parseVersion(text)).toEqual(want));
});

describe('appliesTo', () => {
  it.each([
    { version: '4.4.3', since: '4.5.0', applies: false },
    { version: '4.5.0', since: '4.5.0', applies: true },
    { version: '4.6.5+glitch', since: '4.6.0', applies: true },
    { version: '4.5.15', since: '4.6.0', applies: false },
    { version: '3.0.0 (compatible; GoToSocial 0.17.0)', since: '4.5.0', applies: true },
    { version: null, since: '4.5.0', applies: true },
    { version: '4.2.13', since: undefined, applies: true },
  ])('Mastodon $version, setting since $since → $applies', ({ version, since, applies }) => {
    const snapshot = makeSnapshot({ instance: version === null ? null : instance(version) });
    expect(appliesTo(snapshot, since)).toBe(applies);
  });

  it('names the version without build suffixes', () => {
    expect(serverVersion(makeSnapshot({ instance: instance('4.6.0+glitch') }))?.text).toBe('4.6.0');
  });
});
