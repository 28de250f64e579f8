import { afterEach, describe, expect, it } from 'vitest';
import { setFallbackLocale } from '../i18n';
import { describeError } from './describe-error';
import {
  AbortedError,
  ForbiddenError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  NotMastodonError,
  PaginationLoopError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
} from './errors';

const url = 'https://home.example/api/v1/x';
const cases: [unknown, RegExp, RegExp][] = [
  [new UnauthorizedError(401, url, 'x'), /sign in again/i, /melde dich erneut an/i],
  [new ForbiddenError(403, url, 'x'), /permission/i, /Berechtigung/],
  [new NotFoundError(404, url, 'x'), /could not find/i, /nicht finden/],
  [new RateLimitedError(url, new Date('2026-01-15T12:15:00Z')), /slow down until \d\d:\d\d/, /bis \d\d:\d\d/],
  [new ServerError(503, url, 'x'), /maintenance \(error 503\)/, /Fehler 503/],
  [new NotMastodonError('x'), /not answer like a Mastodon server/, /nicht wie ein Mastodon-Server/],
  [new InvalidResponseError(url, 'x'), /could not read/, /nicht lesen/],
  [new NetworkError('x'), /could not reach/, /nicht erreichen/],
  [new PaginationLoopError('x'), /same page/, /dieselbe Ergebnisseite/],
  [new AbortedError('x'), /cancelled/, /abgebrochen/],
  [new Error('disk full'), /disk full/, /disk full/],
];

afterEach(() => setFallbackLocale(undefined));

describe('describeError', () => {
  it.each(cases)('%s gives one sentence in English and German', (error, en, de) => {
    setFallbackLocale('en');
    const english = describeError(error);
    expect(english).toMatch(en);
    expect(english).not.toMatch(/^error_/);
    setFallbackLocale('de');
    expect(describeError(error)).toMatch(de);
  });
});
