// Risk: the profile is public and copied by every server that sees the account, so personal info there reaches anyone.
// Detects: personal info in the display name, the bio (source.note) and the profile fields, one finding per kind.
// False positives: a contact email or city shown on purpose; the user can accept the risk for that kind.
import { t } from '../i18n';
import type { PiiKind } from '../pii/types';
import { kindLabel } from './lib/labels';
import { findingId } from './lib/posts';
import { publicSeverity } from './lib/severity';
import { evidenceOf, profileHits, type PiiHit } from './lib/texts';
import type { Check, Finding } from './types';

export const profilePersonalInfo: Check = {
  id: 'profile-personal-info',
  run({ snapshot }) {
    const account = snapshot.account;
    const hits = profileHits(account);
    const byKind = new Map<PiiKind, PiiHit[]>();
    for (const hit of hits) byKind.set(hit.kind, [...(byKind.get(hit.kind) ?? []), hit]);
    const url = `${snapshot.server}/settings/profile`;
    const findings: Finding[] = [];
    for (const [kind, kindHits] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
      findings.push({
        id: findingId('profile-personal-info', undefined, kind),
        check: 'profile-personal-info',
        severity: publicSeverity(kind),
        title: t('checks_profilePersonalInfo_title', kindLabel(kind)),
        detail: t('checks_profilePersonalInfo_detail'),
        kinds: [kind],
        evidence: evidenceOf(kindHits),
        url,
        fix: { type: 'open-settings', url },
      });
    }
    return findings;
  },
};
