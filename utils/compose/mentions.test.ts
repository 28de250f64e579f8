import { describe, expect, it } from 'vitest';
import { findMentions, normalizeDomain, untrustedMentionServers } from './mentions';

describe('findMentions', () => {
  it.each([
    ['@alice', [{ username: 'alice', domain: null }]],
    ['hi @Alice@Social.Example!', [{ username: 'alice', domain: 'social.example' }]],
    ['@a.b-c_d@x.example.', [{ username: 'a.b-c_d', domain: 'x.example' }]],
    [
      '(@bob@one.example, @carol@two.example)',
      [
        { username: 'bob', domain: 'one.example' },
        { username: 'carol', domain: 'two.example' },
      ],
    ],
    ['mail bob@one.example', []],
    ['https://one.example/@bob', []],
    ['a=@bob@one.example', []],
    ['@', []],
    // As in Mastodon: usernames are ASCII, so this is a local mention of "j".
    ['Grüße an @jörg@bücher.example', [{ username: 'j', domain: null }]],
    ['Grüße an @joerg@bücher.example', [{ username: 'joerg', domain: 'xn--bcher-kva.example' }]],
  ])('%j', (text, mentions) => {
    expect(findMentions(text)).toEqual(mentions);
  });
});

describe('normalizeDomain', () => {
  it.each([
    ['Social.Example', 'social.example'],
    ['social.example.', 'social.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
    [' x.example ', 'x.example'],
  ])('%s → %s', (raw, normal) => {
    expect(normalizeDomain(raw)).toBe(normal);
  });
});

describe('untrustedMentionServers', () => {
  it('leaves out the home server and trusted servers, in any spelling', () => {
    expect(
      untrustedMentionServers('@a@HOME.example @b@Trusted.Example. @c@other.example', 'home.example', [
        'trusted.example',
      ]),
    ).toEqual(['other.example']);
  });
});
