/**
 * The built manifests ask for no host access at install and nothing beyond what the README lists.
 * Runs with the browser tests, after the builds.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREFOX_ADDON_ID, FIREFOX_MIN_VERSION } from '../../wxt.config';

const OUTPUT = process.env.EXTENSION_OUTPUT ?? path.resolve(__dirname, '../../.output');
const INSTALL_PERMISSIONS = ['alarms', 'identity', 'scripting', 'storage', 'unlimitedStorage'];

type Manifest = {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown[];
  web_accessible_resources?: unknown[];
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
};

function load(dir: string): Manifest {
  const file = path.join(OUTPUT, dir, 'manifest.json');
  if (!existsSync(file))
    throw new Error(`${file} is missing: build first (npm run build && npm run build:firefox)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

describe('built manifests', () => {
  it('Chrome MV3: no host access at install, no static content scripts, no exposed pages', () => {
    const m = load('chrome-mv3');
    expect(m.manifest_version).toBe(3);
    expect([...(m.permissions ?? [])].sort()).toEqual(INSTALL_PERMISSIONS);
    expect(m.host_permissions ?? []).toEqual([]);
    expect(m.content_scripts ?? []).toEqual([]);
    expect(m.web_accessible_resources ?? []).toEqual([]);
    // Asked for at run time only.
    expect(m.optional_permissions).toEqual(['notifications']);
    expect(m.optional_host_permissions).toBeDefined();
  });

  it('Firefox MV2: the same, with host patterns only among optional permissions', () => {
    const m = load('firefox-mv2');
    expect(m.manifest_version).toBe(2);
    expect([...(m.permissions ?? [])].sort()).toEqual(INSTALL_PERMISSIONS);
    expect((m.permissions ?? []).some((p) => p.includes('://') || p === '<all_urls>')).toBe(false);
    expect(m.content_scripts ?? []).toEqual([]);
    expect(m.web_accessible_resources ?? []).toEqual([]);
    expect(m.browser_specific_settings?.gecko).toMatchObject({
      id: FIREFOX_ADDON_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
    });
  });
});
