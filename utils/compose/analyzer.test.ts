import { describe, expect, it } from 'vitest';
import { detectPersonalInfo } from '../pii';
import type { PiiMatch } from '../pii/types';
import { analyzeCompose } from './analyze';
import { createCachedDetector, createComposeAnalyzer } from './analyzer';
import type { ComposeContext } from './context';

const context: ComposeContext = {
  locked: false,
  homeDomain: 'home.example',
  trustedServers: [],
  followerDomainCount: 3,
};

describe('createCachedDetector', () => {
  const texts = [
    'Call me at +49 30 12345678 tomorrow',
    'Nice day.\n\nCall me at +49 30 12345678 tomorrow\n\nMy birthday is 14.03.1987.',
    'IBAN DE62 4306 0967 1149 2784 00\n\n\n\nand +49 30 12345678 (call me)',
  ];

  it.each(texts)('finds what the plain detector finds, at the same offsets: %j', (text) => {
    const plain = (t: string) => detectPersonalInfo(t).map(({ kind, start, end }) => ({ kind, start, end }));
    const cached = createCachedDetector((t) => detectPersonalInfo(t));
    const strip = (ms: PiiMatch[]) => ms.map(({ kind, start, end }) => ({ kind, start, end }));
    // Twice: the second answer comes from the cache and must not drift.
    expect(strip(cached(text))).toEqual(plain(text));
    expect(strip(cached(text))).toEqual(plain(text));
  });

  it('scans a field again only when its text changed', () => {
    const scanned: string[] = [];
    const cached = createCachedDetector((t) => {
      scanned.push(t);
      return [];
    });
    cached('first');
    cached('first');
    cached('first!');
    expect(scanned).toEqual(['first', 'first!']);
  });

  it('forgets the least recently used paragraphs beyond its size', () => {
    let scans = 0;
    const cached = createCachedDetector(() => {
      scans += 1;
      return [];
    }, 2);
    cached('a');
    cached('b');
    cached('a'); // refresh a
    cached('c'); // evicts b
    cached('a');
    expect(scans).toBe(3);
    cached('b');
    expect(scans).toBe(4);
  });
});

describe('createComposeAnalyzer', () => {
  it('gives the same warnings as analyzeCompose while typing a post character by character', () => {
    const post = 'Moving day!\n\nNew number: +49 30 12345678, call me.\n\n@sam@elsewhere.example see you';
    const analyzer = createComposeAnalyzer(context);
    for (const visibility of ['public', 'private', 'direct'] as const) {
      for (let i = 0; i <= post.length; i += 3) {
        const input = {
          text: post.slice(0, i),
          spoiler: '',
          pollOptions: [],
          visibility,
          quotePolicy: null,
          pageWarnsUnlocked: false,
          pageWarnsUnencrypted: false,
        };
        expect(analyzer.analyze(input)).toEqual(analyzeCompose(input, context));
      }
    }
  });
});
