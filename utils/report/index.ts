/**
 * Report export: the checkup and the holders map as Markdown and JSON downloads.
 *
 * The holders picture is a separate SVG file (reportHoldersSvg) that the Markdown shows as an
 * image; the JSON carries the same groups, counts and facts as data (`holders.groups`, `.facts`).
 *
 * Nothing here can see a token: the inputs are the checkup result, the holders map and the
 * snapshot, none of which hold credentials. Personal values are masked as in the findings;
 * only when the user explicitly asks for an unmasked report are the raw values re-derived
 * from the snapshot (findings themselves never store them).
 */
import { kindLabel, severityLabel, whereLabel } from '../checks/lib/labels';
import { ownPosts } from '../checks/lib/posts';
import { postTexts, profileHits, scanTexts, type PiiHit } from '../checks/lib/texts';
import { gradeLabel } from '../checks/score';
import type { CheckupResult } from '../checks/index';
import { SEVERITIES, type Evidence, type Finding, type Fix } from '../checks/types';
import type { HolderMap } from '../holders/index';
import { groupLabel, groupSummary, holdersSvg, standingLabel } from '../holders/svg';
import { factViews } from '../holders/view';
import { t } from '../i18n';
import { maskValue } from '../pii';
import type { AccountSnapshot } from '../snapshot/types';

export interface ReportOptions {
  /** Include raw personal values. Only when the user asked for it. */
  unmasked?: boolean;
  /** Findings the user dismissed or accepted; listed apart. */
  dismissed?: ReadonlySet<string>;
  /** The file name of the holders picture saved beside the Markdown (reportHoldersSvg); shown as its image. */
  holdersImage?: string;
}

export interface ReportEvidence extends Evidence {
  /** Present only in unmasked reports. */
  value?: string;
}

export interface ReportFinding extends Omit<Finding, 'evidence'> {
  evidence?: ReportEvidence[];
  dismissed: boolean;
}

export interface ReportData {
  format: 'fediprint-report';
  version: 1;
  masked: boolean;
  generatedFrom: {
    server: string;
    fetchedAt: string;
    source: AccountSnapshot['source'];
    incomplete: string[];
  };
  account: { acct: string; url: string | null; displayName: string };
  score: number;
  grade: CheckupResult['grade'];
  gradeLabel: string;
  counts: CheckupResult['counts'];
  findings: ReportFinding[];
  holders: HolderMap;
  errors: CheckupResult['errors'];
}

export function fullAcct(snapshot: AccountSnapshot, homeDomain: string): string {
  return `${snapshot.account.username}@${homeDomain}`;
}

export function reportData(
  result: CheckupResult,
  holders: HolderMap,
  snapshot: AccountSnapshot,
  options: ReportOptions = {},
): ReportData {
  const dismissed = options.dismissed ?? new Set<string>();
  return {
    format: 'fediprint-report',
    version: 1,
    masked: !options.unmasked,
    generatedFrom: {
      server: snapshot.server,
      fetchedAt: snapshot.fetchedAt,
      source: snapshot.source,
      incomplete: [...snapshot.incomplete],
    },
    account: {
      acct: fullAcct(snapshot, holders.homeDomain),
      url: snapshot.account.url,
      displayName: snapshot.account.display_name,
    },
    score: result.score,
    grade: result.grade,
    gradeLabel: gradeLabel(result.grade),
    counts: result.counts,
    findings: result.findings.map((f) => ({
      ...f,
      evidence: options.unmasked ? unmaskEvidence(f, snapshot) : f.evidence,
      dismissed: dismissed.has(f.id),
    })),
    holders,
    errors: result.errors,
  };
}

export function reportJson(
  result: CheckupResult,
  holders: HolderMap,
  snapshot: AccountSnapshot,
  options: ReportOptions = {},
): string {
  return `${JSON.stringify(reportData(result, holders, snapshot, options), null, 2)}\n`;
}

/**
 * Re-derive raw values for a finding's masked evidence from the same texts the check read,
 * pairing each evidence entry with the hit that masks to it.
 */
export function unmaskEvidence(finding: Finding, snapshot: AccountSnapshot): ReportEvidence[] | undefined {
  if (!finding.evidence) return undefined;
  const hits = rawHits(finding, snapshot);
  return finding.evidence.map((e) => {
    const hit = hits.find(
      (h) =>
        h.kind === e.kind &&
        (e.where === 'history' || h.where === e.where) &&
        maskValue(h.value, h.kind) === e.masked,
    );
    return hit ? { ...e, value: hit.value } : { ...e };
  });
}

function rawHits(finding: Finding, snapshot: AccountSnapshot): PiiHit[] {
  if (finding.statusId) {
    const status = ownPosts(snapshot).find((s) => s.id === finding.statusId);
    if (!status) return [];
    const hits = scanTexts(postTexts(status), status.language);
    for (const version of snapshot.histories[status.id] ?? [])
      hits.push(...scanTexts(postTexts(version), status.language));
    return hits;
  }
  if (finding.check === 'profile-personal-info') {
    return profileHits(snapshot.account);
  }
  return [];
}

/** Markdown special characters escaped, line breaks flattened: values are hostile text. */
export function mdEscape(text: string): string {
  // Only inline syntax matters: escaped text never starts a line.
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_{}[\]()#!|<>~])/g, '\\$1');
}

export function fixLabel(fix: Fix): string {
  switch (fix.type) {
    case 'update-credentials':
    case 'update-profile':
      return t('report_fix_updateCredentials');
    case 'open-settings':
      return t('report_fix_openSettings');
    case 'rescope':
      return t('report_fix_rescope');
    case 'trust-servers':
      return t('report_fix_trustServers', fix.domains.join(', '));
    case 'remove-followers':
      return t('report_fix_removeFollowers', fix.domains.join(', '));
    case 'quote-policy':
      return t('report_fix_quotePolicy');
  }
}

export function reportMarkdown(
  result: CheckupResult,
  holders: HolderMap,
  snapshot: AccountSnapshot,
  options: ReportOptions = {},
): string {
  const data = reportData(result, holders, snapshot, options);
  const out: string[] = [];
  out.push(`# ${mdEscape(t('report_title', data.account.acct))}`, '');
  out.push(mdEscape(t('report_generated', data.generatedFrom.server, data.generatedFrom.fetchedAt)), '');
  if (data.generatedFrom.incomplete.length > 0)
    out.push(`> ${mdEscape(t('report_incomplete', data.generatedFrom.incomplete.join(', ')))}`, '');
  out.push(
    data.masked ? `> ${mdEscape(t('report_maskedNote'))}` : `> **${mdEscape(t('report_unmaskedWarning'))}**`,
    '',
  );
  out.push(`**${mdEscape(t('report_score', data.score, data.gradeLabel))}**`, '');
  out.push(SEVERITIES.map((s) => `${mdEscape(severityLabel(s))}: ${data.counts[s]}`).join(' · '), '');
  for (const e of data.errors) out.push(`> ${mdEscape(t('report_checkFailed', e.check, e.message))}`, '');

  out.push(`## ${mdEscape(t('report_findings'))}`, '');
  const active = data.findings.filter((f) => !f.dismissed);
  if (active.length === 0) out.push(mdEscape(t('report_noFindings')), '');
  for (const severity of SEVERITIES) {
    const group = active.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`### ${mdEscape(severityLabel(severity))} (${group.length})`, '');
    for (const f of group) out.push(...findingMarkdown(f), '');
  }
  const dismissed = data.findings.filter((f) => f.dismissed);
  if (dismissed.length > 0) {
    out.push(`### ${mdEscape(t('report_dismissed'))} (${dismissed.length})`, '');
    for (const f of dismissed) out.push(`- ${mdEscape(f.title)}`);
    out.push('');
  }

  out.push(`## ${mdEscape(t('holders_title'))}`, '');
  if (holders.incomplete.length > 0) out.push(`> ${mdEscape(t('holders_incomplete'))}`, '');
  const facts = factViews(holders);
  if (facts.length === 0) out.push(mdEscape(t('holders_fact_none')), '');
  for (const f of facts) out.push(`- **${mdEscape(f.text)}** ${mdEscape(t('holders_fix_label', f.fix))}`);
  if (facts.length > 0) out.push('');
  if (options.holdersImage)
    out.push(`![${mdEscape(t('holders_diagramLabel'))}](${encodeURI(options.holdersImage)})`, '');
  for (const g of holders.groups)
    out.push(`- **${mdEscape(groupLabel(g.id))}**: ${mdEscape(groupSummary(g, String))}`);
  out.push('');
  out.push(mdEscape(t('holders_anyone', holders.anyone.public, holders.anyone.unlisted)), '');
  const cols = [
    t('holders_col_server'),
    t('holders_col_status'),
    t('holders_col_group'),
    t('holders_col_direct'),
    t('holders_col_followersOnly'),
    t('holders_col_public'),
    t('holders_col_followers'),
  ];
  out.push(`| ${cols.map(mdEscape).join(' | ')} |`, `|${cols.map(() => ' --- ').join('|')}|`);
  for (const s of holders.servers) {
    const cells = [s.domain, standingLabel(s.standing), groupLabel(s.group)].map(mdEscape);
    out.push(
      `| ${cells.join(' | ')} | ${s.held.direct} | ${s.held.followersOnly} | ${s.held.public} | ${s.followers} |`,
    );
  }
  out.push('');
  return out.join('\n');
}

/** The holders picture as a standalone SVG file (light and dark), for beside the Markdown report. */
export function reportHoldersSvg(holders: HolderMap, locale?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${holdersSvg(holders, { interactive: false, standalone: true, locale })}\n`;
}

function findingMarkdown(f: ReportFinding): string[] {
  const lines = [`- **${mdEscape(f.title)}**`, `  ${mdEscape(f.detail)}`];
  if (f.kinds?.length)
    lines.push(`  ${mdEscape(t('report_kinds'))}: ${f.kinds.map((k) => mdEscape(kindLabel(k))).join(', ')}`);
  for (const e of f.evidence ?? []) {
    const value =
      e.value !== undefined
        ? `\`${e.value.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``
        : mdEscape(e.masked);
    lines.push(
      `  - ${mdEscape(whereLabel(e.where))}${e.kind ? ` (${mdEscape(kindLabel(e.kind))})` : ''}: ${value}`,
    );
  }
  if (f.domains?.length)
    lines.push(`  ${mdEscape(t('report_servers'))}: ${f.domains.map(mdEscape).join(', ')}`);
  if (f.fix) lines.push(`  ${mdEscape(t('report_fix'))}: ${mdEscape(fixLabel(f.fix))}`);
  if (f.url && /^https?:\/\//.test(f.url)) lines.push(`  <${f.url.replace(/[<>\s]/g, encodeURIComponent)}>`);
  return lines;
}
