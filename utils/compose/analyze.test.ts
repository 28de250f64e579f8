import { describe, expect, it } from 'vitest';
import { maskValue } from '../pii';
import { analyzeCompose, dismissKey, publishedFields, warningKey } from './analyze';
import { ComposeContextSchema, parseComposeContextReply, type ComposeContext } from './context';
import type { ComposeInput, ComposeWarning, Visibility } from './types';

const context: ComposeContext = {
  locked: false,
  homeDomain: 'home.example',
  trustedServers: ['friends.example'],
  followerDomainCount: 42,
};

function input(text: string, visibility: Visibility | null, extra: Partial<ComposeInput> = {}): ComposeInput {
  return {
    text,
    spoiler: '',
    pollOptions: [],
    visibility,
    quotePolicy: null,
    pageWarnsUnlocked: false,
    pageWarnsUnencrypted: false,
    ...extra,
  };
}

const types = (warnings: ComposeWarning[]) => warnings.map((w) => w.type);

describe('analyzeCompose: which warnings for which post', () => {
  const phone = 'Call me at +49 30 12345678 tomorrow';
  const cases: {
    name: string;
    input: ComposeInput;
    context?: Partial<ComposeContext>;
    expected: ComposeWarning['type'][];
  }[] = [
    {
      name: 'harmless public post',
      input: input('Lovely weather in the park today', 'public'),
      expected: [],
    },
    { name: 'empty box', input: input('', 'public'), expected: [] },
    { name: 'phone number, public', input: input(phone, 'public'), expected: ['personal-info', 'audience'] },
    {
      name: 'phone number, unlisted',
      input: input(phone, 'unlisted'),
      expected: ['personal-info', 'audience'],
    },
    { name: 'phone number, visibility unreadable', input: input(phone, null), expected: ['personal-info'] },
    {
      name: 'phone number, followers-only, locked',
      input: input(phone, 'private'),
      context: { locked: true },
      expected: [],
    },
    {
      name: 'phone number in a DM to a local account',
      input: input(`@sam ${phone}`, 'direct'),
      expected: [],
    },
    {
      name: 'phone number only in the CW',
      input: input('spoilers below', 'public', { spoiler: phone }),
      expected: ['personal-info', 'audience'],
    },
    {
      name: 'phone number only in a poll option',
      input: input('Which one?', 'public', { pollOptions: ['a', phone] }),
      expected: ['personal-info', 'audience'],
    },
    {
      name: 'followers-only, unlocked',
      input: input('Good morning', 'private'),
      expected: ['followers-only-unlocked', 'audience'],
    },
    {
      name: "followers-only, unlocked, Mastodon's own notice shows: nothing to add",
      input: input('Good morning', 'private', { pageWarnsUnlocked: true }),
      expected: [],
    },
    {
      name: "followers-only with a foreign mention, Mastodon's notice shows: only the mention",
      input: input('@bob@sketchy.example morning', 'private', { pageWarnsUnlocked: true }),
      expected: ['untrusted-mentions', 'audience'],
    },
    {
      name: 'phone number, public, anyone may quote: still the personal-info warning',
      input: input(phone, 'public', { quotePolicy: 'public' }),
      expected: ['personal-info', 'audience'],
    },
    {
      name: 'harmless public post that anyone may quote: no warning for quoting alone',
      input: input('Lovely weather', 'public', { quotePolicy: 'public' }),
      expected: [],
    },
    {
      name: 'followers-only, locked',
      input: input('Good morning', 'private'),
      context: { locked: true },
      expected: [],
    },
    {
      name: 'DM to an untrusted server',
      input: input('@bob@sketchy.example hi', 'direct'),
      expected: ['untrusted-mentions', 'audience'],
    },
    { name: 'DM to a trusted server', input: input('@bob@friends.example hi', 'direct'), expected: [] },
    {
      name: 'DM to the home server by full handle',
      input: input('@bob@home.example hi', 'direct'),
      expected: [],
    },
    { name: 'DM to a local account', input: input('@bob hi', 'direct'), expected: [] },
    {
      name: 'DM, trusted server written in capitals',
      input: input('@bob@Friends.Example hi', 'direct'),
      expected: [],
    },
    {
      name: 'public post mentioning an untrusted server',
      input: input('@bob@sketchy.example hi', 'public'),
      expected: [],
    },
    {
      name: 'followers-only, unlocked, mentioning an untrusted server',
      input: input('@bob@sketchy.example hi', 'private'),
      expected: ['followers-only-unlocked', 'untrusted-mentions', 'audience'],
    },
    {
      name: 'an e-mail address is not a mention',
      input: input('write to bob@sketchy.example', 'direct'),
      expected: [],
    },
    {
      name: 'a profile URL is not a mention',
      input: input('see https://sketchy.example/@bob@sketchy.example', 'direct'),
      expected: [],
    },
  ];

  it.each(cases)('$name', ({ input: given, context: override, expected }) => {
    expect(types(analyzeCompose(given, { ...context, ...override }))).toEqual(expected);
  });
});

describe('analyzeCompose: what the warnings say', () => {
  it('names the kind and masks the value, never the raw value', () => {
    const [warning] = analyzeCompose(input('Call me at +49 30 12345678 tomorrow', 'public'), context);
    expect(warning).toEqual({
      type: 'personal-info',
      visibility: 'public',
      items: [{ kind: 'phone', masked: [maskValue('+49 30 12345678', 'phone')], count: 1 }],
    });
    expect(JSON.stringify(warning)).not.toContain('12345678');
  });

  it('lists kinds in a stable order (structured first), whatever order they were typed in', () => {
    const text = 'My birthday is 14.03.1987.\nIBAN DE62 4306 0967 1149 2784 00\nCall me at +49 30 12345678';
    const [warning] = analyzeCompose(input(text, 'public'), context);
    if (warning?.type !== 'personal-info') throw new Error('expected a personal-info warning');
    expect(warning.items.map((i) => i.kind)).toEqual(['phone', 'birthdate', 'bank-account']);
  });

  // Aggregation is ours, detection is utils/pii's: a plain digit-run detector keeps these exact.
  const digits = (text: string) =>
    [...text.matchAll(/\d{6,}/g)].map((m) => ({
      kind: 'phone' as const,
      start: m.index,
      end: m.index + m[0].length,
      confidence: 1,
      reason: 'test',
    }));

  it('counts repeated values but lists each once', () => {
    const [warning] = analyzeCompose(input('123456 and 123456 and 654321', 'public'), context, {
      detect: digits,
    });
    expect(warning).toEqual({
      type: 'personal-info',
      visibility: 'public',
      items: [
        { kind: 'phone', masked: [maskValue('123456', 'phone'), maskValue('654321', 'phone')], count: 3 },
      ],
    });
  });

  it('shows at most three values per kind and counts the rest', () => {
    const [warning] = analyzeCompose(input('1111111 2222222 3333333 4444444', 'public'), context, {
      detect: digits,
    });
    if (warning?.type !== 'personal-info') throw new Error('expected a personal-info warning');
    expect(warning.items[0]).toMatchObject({ kind: 'phone', count: 4 });
    expect(warning.items[0]?.masked).toHaveLength(3);
  });

  it('names every untrusted server once, sorted, and leaves trusted ones out', () => {
    const text = '@a@zeta.example @b@alpha.example @c@zeta.example @d@friends.example @e';
    const warnings = analyzeCompose(input(text, 'direct'), context);
    expect(warnings[0]).toEqual({
      type: 'untrusted-mentions',
      visibility: 'direct',
      servers: ['alpha.example', 'zeta.example'],
      pageSaysUnencrypted: false,
    });
  });

  it("notes when Mastodon's own notice already says DMs are not end-to-end encrypted", () => {
    const warnings = analyzeCompose(
      input('@a@zeta.example hi', 'direct', { pageWarnsUnencrypted: true }),
      context,
    );
    expect(warnings[0]).toMatchObject({ type: 'untrusted-mentions', pageSaysUnencrypted: true });
  });

  it('treats an international server name and its punycode form as the same server', () => {
    const trusted = { ...context, trustedServers: ['xn--bcher-kva.example'] };
    expect(analyzeCompose(input('@a@bücher.example hi', 'direct'), trusted)).toEqual([]);
    const warnings = analyzeCompose(input('@a@bücher.example hi', 'direct'), context);
    expect(warnings[0]).toMatchObject({ servers: ['xn--bcher-kva.example'] });
  });

  it('carries the follower server count on the audience line', () => {
    const warnings = analyzeCompose(input('Good morning', 'private'), { ...context, followerDomainCount: 7 });
    expect(warnings.at(-1)).toEqual({
      type: 'audience',
      visibility: 'private',
      serverCount: 7,
      quotePolicy: null,
    });
  });

  it('puts the quote policy of a public or unlisted post on the audience line, never of others', () => {
    const audience = (visibility: Visibility, text = 'Call me at +49 30 12345678') =>
      analyzeCompose(input(text, visibility, { quotePolicy: 'public' }), context).at(-1);
    expect(audience('public')).toMatchObject({ type: 'audience', quotePolicy: 'public' });
    expect(audience('unlisted')).toMatchObject({ type: 'audience', quotePolicy: 'public' });
    // Mastodon forces `nobody` for followers-only and direct posts.
    expect(audience('private', 'hi')).toMatchObject({ type: 'audience', quotePolicy: null });
    expect(audience('direct', '@bob@sketchy.example hi')).toMatchObject({
      type: 'audience',
      quotePolicy: null,
    });
  });

  it('uses the detector it is given (the cached one in the page)', () => {
    const seen: string[] = [];
    analyzeCompose(input('text', 'public', { spoiler: 'cw', pollOptions: ['one', ' '] }), context, {
      detect: (t) => {
        seen.push(t);
        return [];
      },
    });
    // The published fields are read as one text (a poll's question says whose its options are).
    expect(seen).toEqual(['cw\n\ntext\n\none']);
  });

  it('does not scan for personal info in posts only followers or mentioned people see', () => {
    let calls = 0;
    const detect = () => {
      calls += 1;
      return [];
    };
    analyzeCompose(input('+49 30 12345678', 'private'), context, { detect });
    analyzeCompose(input('+49 30 12345678', 'direct'), context, { detect });
    expect(calls).toBe(0);
  });
});

describe('publishedFields', () => {
  it('skips empty fields', () => {
    expect(publishedFields(input('  ', 'public', { spoiler: '', pollOptions: ['', 'x'] }))).toEqual(['x']);
  });
});

describe('warning keys', () => {
  it('dismissal survives more typing of the same kind, the redraw key does not', () => {
    const a = analyzeCompose(input('call +49 30 1234567', 'public'), context)[0];
    const b = analyzeCompose(input('call +49 30 12345678', 'public'), context)[0];
    if (!a || !b) throw new Error('expected warnings');
    expect(dismissKey(a)).toBe(dismissKey(b));
    expect(warningKey(a)).not.toBe(warningKey(b));
  });

  it('a new server brings a dismissed mention warning back', () => {
    const a = analyzeCompose(input('@x@one.example', 'direct'), context)[0];
    const b = analyzeCompose(input('@x@one.example @y@two.example', 'direct'), context)[0];
    if (!a || !b) throw new Error('expected warnings');
    expect(dismissKey(a)).not.toBe(dismissKey(b));
  });
});

describe('ComposeContextSchema', () => {
  it.each([
    [{ locked: false, homeDomain: 'home.example', trustedServers: [], followerDomainCount: 0 }, true],
    [{ locked: 'no', homeDomain: 'home.example', trustedServers: [], followerDomainCount: 0 }, false],
    [{ locked: false, homeDomain: '', trustedServers: [], followerDomainCount: 0 }, false],
    [{ locked: false, homeDomain: 'home.example', trustedServers: [], followerDomainCount: -1 }, false],
    [{ locked: false, homeDomain: 'home.example', followerDomainCount: 3 }, false],
    [undefined, false],
    [{ error: 'not signed in' }, false],
  ])('%j valid: %s', (value, valid) => {
    expect(ComposeContextSchema.safeParse(value).success).toBe(valid);
  });

  it.each([
    ['followers', 'followers'],
    [null, null],
    // A policy a later Mastodon adds is unknown here, not a broken context.
    ['everyone-but-bots', null],
    [42, null],
  ])('default quote policy %j reads as %j', (given, expected) => {
    const base = { locked: false, homeDomain: 'home.example', trustedServers: [], followerDomainCount: 0 };
    expect(ComposeContextSchema.parse({ ...base, defaultQuotePolicy: given }).defaultQuotePolicy).toBe(
      expected,
    );
    expect(ComposeContextSchema.parse(base).defaultQuotePolicy).toBeUndefined();
  });
});

describe('parseComposeContextReply', () => {
  const ctx = {
    locked: true,
    homeDomain: 'home.example',
    trustedServers: ['home.example'],
    followerDomainCount: 2,
  };
  it.each([
    [ctx, { ok: true, context: ctx }],
    [
      { ok: true, context: ctx },
      { ok: true, context: ctx },
    ],
    [
      { ok: false, error: 'Signed out.' },
      { ok: false, reason: 'Signed out.' },
    ],
  ])('%j', (reply, result) => {
    expect(parseComposeContextReply(reply)).toEqual(result);
  });

  it.each([undefined, null, 'ctx', { ok: true }, { ok: true, context: { ...ctx, locked: 1 } }])(
    'rejects %j with a reason',
    (reply) => {
      const result = parseComposeContextReply(reply);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/unexpected answer/);
    },
  );
});
