/**
 * Every piece of user-written text the checks look at, labelled with where it came from
 * (the `where` of Evidence), and the PII scan over them. Shared by the checks and by the
 * report, which re-derives raw values from the same places when the user asks to unmask.
 */
import { detectInParts, detectPersonalInfo, htmlToText, maskValue } from '../../pii';
import type { PiiKind } from '../../pii/types';
import type { CredentialAccount, Status, StatusEdit } from '../../mastodon/schemas';
import type { Evidence } from '../types';

export type TextWhere = 'content' | 'spoiler' | 'poll' | 'media' | 'display_name' | 'note' | 'field';

export interface TextPart {
  where: TextWhere;
  text: string;
}

export interface PiiHit {
  kind: PiiKind;
  where: TextWhere;
  /** The raw matched text. Never put this in a Finding: mask it first. */
  value: string;
  confidence: number;
}

/** The text of a post or of one version in its edit history. */
export function postTexts(
  post: Pick<Status | StatusEdit, 'content' | 'spoiler_text' | 'media_attachments' | 'poll'>,
): TextPart[] {
  const parts: TextPart[] = [];
  // Content is hostile HTML; htmlToText is the one place that turns it into plain text.
  if (post.content) parts.push({ where: 'content', text: htmlToText(post.content) });
  if (post.spoiler_text) parts.push({ where: 'spoiler', text: post.spoiler_text });
  for (const option of post.poll?.options ?? []) {
    if (option.title) parts.push({ where: 'poll', text: option.title });
  }
  for (const media of post.media_attachments) {
    if (media.description) parts.push({ where: 'media', text: media.description });
  }
  return parts;
}

/** The public profile: display name, bio and profile fields. */
export function profileTexts(account: CredentialAccount): TextPart[] {
  const parts: TextPart[] = [];
  if (account.display_name) parts.push({ where: 'display_name', text: account.display_name });
  // source.note is the plain-text bio; the top-level note is rendered HTML.
  const note = account.source.note || (account.note ? htmlToText(account.note) : '');
  if (note) parts.push({ where: 'note', text: note });
  const fields = account.source.fields.length > 0 ? account.source.fields : account.fields;
  for (const field of fields) {
    // The field name gives the detector context ("Phone", "Born"), so scan both together.
    const value = account.source.fields.length > 0 ? field.value : htmlToText(field.value);
    if (field.name || value) parts.push({ where: 'field', text: `${field.name}: ${value}` });
  }
  return parts;
}

/**
 * The PII hits of the account's own profile: its values are its owner's, so a bare "Phone: …"
 * field counts even with no first person in it (see `aboutAuthor` in utils/pii).
 */
export function profileHits(account: CredentialAccount): PiiHit[] {
  return scanTexts(profileTexts(account), account.source.language, true);
}

export function scanTexts(
  parts: readonly TextPart[],
  language?: string | null,
  aboutAuthor = false,
): PiiHit[] {
  // One post's or profile's parts are read together: whose a value is is often said in another part.
  const found = detectInParts(
    parts.map((p) => p.text),
    (text) => detectPersonalInfo(text, { language: language ?? null, aboutAuthor }),
  );
  return found.map(({ part, match }) => ({
    kind: match.kind,
    where: parts[part]!.where,
    value: parts[part]!.text.slice(match.start, match.end),
    confidence: match.confidence,
  }));
}

/**
 * The PII hits of a post's current version (text, content warning, poll, media descriptions),
 * computed once per Status object: the HTML-to-text conversion and the detector are most of a
 * checkup's time, and several checks look at the same post. Callers must not mutate the result.
 */
export function statusHits(status: Status): readonly PiiHit[] {
  let hits = statusHitsMemo.get(status);
  if (!hits) {
    hits = scanTexts(postTexts(status), status.language);
    statusHitsMemo.set(status, hits);
  }
  return hits;
}

const statusHitsMemo = new WeakMap<Status, PiiHit[]>();

/** A canonical form of a value, so "+49 151 1234567" and "+4915112345 67" compare equal. */
export function valueKey(kind: PiiKind, value: string): string {
  const compact = value.toLowerCase().replace(/[\s\-./()]+/g, '');
  return `${kind}:${compact}`;
}

/** Masked evidence, one entry per distinct (where, kind, value). */
export function evidenceOf(hits: readonly PiiHit[], whereOverride?: string): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const hit of hits) {
    const where = whereOverride ?? hit.where;
    const key = `${where}|${valueKey(hit.kind, hit.value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ where, kind: hit.kind, masked: maskValue(hit.value, hit.kind) });
  }
  return out;
}

/** Distinct kinds in a stable order (the order of PII_KINDS is not needed: sort by name). */
export function kindsOf(hits: readonly PiiHit[]): PiiKind[] {
  return [...new Set(hits.map((h) => h.kind))].sort();
}
