/**
 * Shared by the checks' table tests: run one check on a snapshot with default settings.
 */
import type { AccountSnapshot } from '../../snapshot/types';
import { checkContext, defaultSettings } from '../index';
import type { Check, CheckSettings, Finding } from '../types';

export const NOW = new Date('2026-01-15T12:00:00.000Z');

export function runCheck(
  check: Check,
  snapshot: AccountSnapshot,
  settings: Partial<CheckSettings> = {},
): Finding[] {
  const context = checkContext(snapshot, { ...defaultSettings(snapshot), ...settings }, NOW);
  const findings = check.run(context);
  for (const f of findings) {
    // Invariants every check keeps, asserted on every table case.
    if (f.check !== check.id) throw new Error(`finding ${f.id} has check ${f.check}`);
    if (!f.id.startsWith(`${check.id}:${f.statusId ?? ''}:`)) throw new Error(`unstable id ${f.id}`);
    if (!f.title || !f.detail || f.title.startsWith('checks_') || f.detail.startsWith('checks_'))
      throw new Error(`untranslated finding ${f.id}`);
  }
  return findings;
}
