/**
 * The completeness of a snapshot in words, for the CLI report and the UI's details: the server's
 * software, each part not fully read with how many and why, what the server does not show apps,
 * and (verbose) every item left out with its endpoint and field.
 */
import { t, type MessageKey } from '../i18n';
import type { NotShownPart } from '../mastodon/software';
import type { AccountSnapshot, SnapshotPart } from './types';

export const partLabel = (part: SnapshotPart): string => t(`part_${part}` as MessageKey);
export const notShownLabel = (part: NotShownPart): string => t(`notShown_${part}` as MessageKey);

/** Whether the snapshot is complete: every part read, nothing short, nothing left out. */
export function isComplete(snapshot: Pick<AccountSnapshot, 'incomplete'>): boolean {
  return snapshot.incomplete.length === 0;
}

export function completenessLines(
  snapshot: Pick<AccountSnapshot, 'software' | 'shortfalls' | 'notChecked' | 'unread' | 'incomplete'>,
  options: { verbose?: boolean } = {},
): string[] {
  const lines: string[] = [];
  if (snapshot.software)
    lines.push(t('report_software', snapshot.software.name, snapshot.software.version ?? ''));
  else if (snapshot.software === null) lines.push(t('report_softwareUnknown'));
  for (const s of snapshot.shortfalls ?? []) {
    lines.push(
      s.reason === 'server-limit' || s.expected === null
        ? t('report_shortLimit', partLabel(s.part), s.read)
        : t('report_shortCount', partLabel(s.part), s.read, s.expected),
    );
  }
  const short = new Set<string>((snapshot.shortfalls ?? []).map((s) => s.part));
  const unreadParts = new Set<string>((snapshot.unread ?? []).map((u) => u.part));
  const failed = snapshot.incomplete.filter((p) => !short.has(p) && !unreadParts.has(p));
  if (failed.length > 0) lines.push(t('report_incomplete', failed.map(partLabel).join(', ')));
  if (snapshot.notChecked?.length)
    lines.push(t('report_notChecked', snapshot.notChecked.map(notShownLabel).join(', ')));
  const unread = snapshot.unread ?? [];
  if (unread.length > 0) {
    lines.push(
      t(
        'report_unreadCount',
        unread.length,
        [...unreadParts].map((p) => partLabel(p as SnapshotPart)).join(', '),
      ),
    );
    if (options.verbose)
      for (const u of unread)
        lines.push(`  ${t('report_unreadItem', partLabel(u.part), u.endpoint, u.field, u.message)}`);
  }
  return lines;
}
