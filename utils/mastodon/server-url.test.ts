import { describe, expect, it } from 'vitest';
import { parseServerInput } from './server-url';

describe('parseServerInput', () => {
  it.each([
    ['mastodon.social', 'https://mastodon.social'],
    ['https://mastodon.social/', 'https://mastodon.social'],
    ['  Mastodon.Social  ', 'https://mastodon.social'],
    ['@me@mastodon.social', 'https://mastodon.social'],
    ['me@mastodon.social', 'https://mastodon.social'],
    ['https://social.example.co.uk', 'https://social.example.co.uk'],
    ['https://mastodon.social:8443', 'https://mastodon.social:8443'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['http://localhost:3000/', 'http://localhost:3000'],
  ])('accepts %j as %s', (input, origin) => {
    expect(parseServerInput(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['not a server', 'invalid'],
    ['mastodon', 'invalid'],
    ['http://mastodon.social', 'insecure'],
    ['https://mastodon.social/@me', 'path'],
    ['https://mastodon.social/?x=1', 'invalid'],
    ['ftp://mastodon.social', 'invalid'],
    ['javascript:alert(1)', 'invalid'],
    ['https://user:pw@mastodon.social', 'invalid'],
    ['@@mastodon.social', 'invalid'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseServerInput(input)).toEqual({ ok: false, reason });
  });
});
