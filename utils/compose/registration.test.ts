import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  COMPOSE_ENABLED_ORIGINS_KEY,
  COMPOSE_SCRIPT_FILE,
  COMPOSE_SCRIPT_ID,
  ComposeRegistrationError,
  composeMatchPattern,
  disableComposeWarnings,
  enableComposeWarnings,
  ensureComposeRegistration,
  isComposeWarningsEnabled,
} from './registration';

/**
 * WXT's fakeBrowser does not implement permissions or scripting. This in-memory stand-in keeps
 * Chrome's documented semantics that the code relies on (duplicate ids rejected, update/unregister
 * of unknown ids rejected, an ids filter on getRegisteredContentScripts); the real APIs are
 * exercised by the browser tests.
 */
interface Registered {
  id: string;
  matches?: string[];
  js?: string[];
  runAt?: string;
  persistAcrossSessions?: boolean;
}
let granted: Set<string>;
let answer: boolean;
let scripts: Map<string, Registered>;

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  granted = new Set();
  answer = true;
  scripts = new Map();
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ origins = [] }) => {
    if (answer) for (const o of origins) granted.add(o);
    return answer;
  });
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) =>
    origins.every((o) => granted.has(o)),
  );
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
    for (const o of origins) granted.delete(o);
    return true;
  });
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation(async (list) => {
    for (const s of list) {
      if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      scripts.set(s.id, { ...s } as Registered);
    }
  });
  vi.spyOn(fakeBrowser.scripting, 'updateContentScripts').mockImplementation(async (list) => {
    for (const s of list) {
      const old = scripts.get(s.id);
      if (!old) throw new Error(`Content script with ID '${s.id}' does not exist`);
      scripts.set(s.id, { ...old, ...s } as Registered);
    }
  });
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation(async (filter) => {
    for (const id of filter?.ids ?? [...scripts.keys()]) {
      if (!scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
    }
  });
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(
    async (filter) => [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)) as never,
  );
});

describe('composeMatchPattern', () => {
  it.each([
    ['https://social.example', 'https://social.example/*'],
    ['https://social.example:8443', 'https://social.example/*'],
    ['http://127.0.0.1:4123', 'http://127.0.0.1/*'],
    ['https://Social.Example/', 'https://social.example/*'],
  ])('%s → %s', (origin, pattern) => {
    expect(composeMatchPattern(origin)).toBe(pattern);
  });

  it.each(['not a url', 'ftp://files.example', 'javascript:alert(1)'])('rejects %s', (origin) => {
    expect(() => composeMatchPattern(origin)).toThrow(ComposeRegistrationError);
  });
});

describe('enableComposeWarnings', () => {
  it('asks for the origin only, then registers the script for it', async () => {
    await expect(enableComposeWarnings('https://social.example')).resolves.toBe(true);
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: ['https://social.example/*'] });
    expect(scripts.get(COMPOSE_SCRIPT_ID)).toMatchObject({
      matches: ['https://social.example/*'],
      js: [COMPOSE_SCRIPT_FILE],
      runAt: 'document_idle',
    });
    await expect(isComposeWarningsEnabled('https://social.example')).resolves.toBe(true);
  });

  it('asks for permission before anything else (the user gesture must still be fresh)', async () => {
    const order: string[] = [];
    vi.mocked(fakeBrowser.permissions.request).mockImplementationOnce(async ({ origins = [] }) => {
      order.push('request');
      for (const o of origins) granted.add(o);
      return true;
    });
    const getSpy = vi.spyOn(fakeBrowser.storage.local, 'get');
    getSpy.mockImplementation(((...args: Parameters<typeof fakeBrowser.storage.local.get>) => {
      order.push('storage');
      getSpy.mockRestore();
      return fakeBrowser.storage.local.get(...args);
    }) as typeof fakeBrowser.storage.local.get);
    const pending = enableComposeWarnings('https://social.example');
    // Synchronously, before the first await: request was called and nothing else.
    expect(order).toEqual(['request']);
    await pending;
    expect(order[0]).toBe('request');
  });

  it('does nothing when the person declines', async () => {
    answer = false;
    await expect(enableComposeWarnings('https://social.example')).resolves.toBe(false);
    expect(scripts.size).toBe(0);
    await expect(isComposeWarningsEnabled('https://social.example')).resolves.toBe(false);
  });

  it('covers a second account on another server with the same single script', async () => {
    await enableComposeWarnings('https://social.example');
    await enableComposeWarnings('https://other.example');
    expect(scripts.get(COMPOSE_SCRIPT_ID)?.matches).toEqual([
      'https://other.example/*',
      'https://social.example/*',
    ]);
  });

  it('rejects an invalid origin without asking', async () => {
    await expect(enableComposeWarnings('nope')).rejects.toThrow(ComposeRegistrationError);
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
  });

  it('turns a registration failure into a sentence for the person', async () => {
    vi.mocked(fakeBrowser.scripting.registerContentScripts).mockRejectedValueOnce(new Error('boom'));
    await expect(enableComposeWarnings('https://social.example')).rejects.toThrow(
      /turning them off and on again/,
    );
  });
});

describe('disableComposeWarnings', () => {
  it('unregisters the script and gives the access back', async () => {
    await enableComposeWarnings('https://social.example');
    await disableComposeWarnings('https://social.example');
    expect(scripts.size).toBe(0);
    expect(granted.has('https://social.example/*')).toBe(false);
    await expect(isComposeWarningsEnabled('https://social.example')).resolves.toBe(false);
  });

  it('keeps the other server covered', async () => {
    await enableComposeWarnings('https://social.example');
    await enableComposeWarnings('https://other.example');
    await disableComposeWarnings('https://social.example');
    expect(scripts.get(COMPOSE_SCRIPT_ID)?.matches).toEqual(['https://other.example/*']);
    expect([...granted]).toEqual(['https://other.example/*']);
  });

  it('is harmless when warnings were never on', async () => {
    await expect(disableComposeWarnings('https://social.example')).resolves.toBeUndefined();
    expect(scripts.size).toBe(0);
  });
});

describe('ensureComposeRegistration', () => {
  it('registers again after the registration was lost (browser restart, update)', async () => {
    await enableComposeWarnings('https://social.example');
    scripts.clear();
    await expect(ensureComposeRegistration('https://social.example')).resolves.toBe(true);
    expect(scripts.get(COMPOSE_SCRIPT_ID)?.matches).toEqual(['https://social.example/*']);
  });

  it('is idempotent', async () => {
    await enableComposeWarnings('https://social.example');
    await ensureComposeRegistration('https://social.example');
    await ensureComposeRegistration('https://social.example');
    expect(scripts.size).toBe(1);
  });

  it('counts warnings as off once the person withdrew the site access in the browser', async () => {
    await enableComposeWarnings('https://social.example');
    granted.clear();
    await expect(ensureComposeRegistration('https://social.example')).resolves.toBe(false);
    expect(scripts.size).toBe(0);
    const stored = await fakeBrowser.storage.local.get(COMPOSE_ENABLED_ORIGINS_KEY);
    expect(stored[COMPOSE_ENABLED_ORIGINS_KEY]).toEqual([]);
  });

  it('registers nothing when never enabled, even if the access happens to be granted', async () => {
    granted.add('https://social.example/*');
    await expect(ensureComposeRegistration('https://social.example')).resolves.toBe(false);
    expect(scripts.size).toBe(0);
  });
});
