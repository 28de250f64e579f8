/**
 * Turns warnings into sentences (via `t()`), kept apart from the DOM so that every warning has
 * a string in both languages and a test can check it.
 */
import { t, type MessageKey } from '../i18n';
import type { PiiKind } from '../pii/types';
import type { ComposeWarning, PersonalInfoItem, QuotePolicy } from './types';

const KIND_KEYS: Record<PiiKind, { label: MessageKey; tip: MessageKey }> = {
  email: { label: 'compose_kind_email', tip: 'compose_tip_email' },
  phone: { label: 'compose_kind_phone', tip: 'compose_tip_phone' },
  'street-address': { label: 'compose_kind_streetAddress', tip: 'compose_tip_streetAddress' },
  birthdate: { label: 'compose_kind_birthdate', tip: 'compose_tip_birthdate' },
  'gov-id': { label: 'compose_kind_govId', tip: 'compose_tip_govId' },
  'payment-card': { label: 'compose_kind_paymentCard', tip: 'compose_tip_paymentCard' },
  'bank-account': { label: 'compose_kind_bankAccount', tip: 'compose_tip_bankAccount' },
  'ip-address': { label: 'compose_kind_ipAddress', tip: 'compose_tip_ipAddress' },
  coordinates: { label: 'compose_kind_coordinates', tip: 'compose_tip_coordinates' },
  secret: { label: 'compose_kind_secret', tip: 'compose_tip_secret' },
  location: { label: 'compose_kind_location', tip: 'compose_tip_location' },
  absence: { label: 'compose_kind_absence', tip: 'compose_tip_absence' },
  family: { label: 'compose_kind_family', tip: 'compose_tip_family' },
  health: { label: 'compose_kind_health', tip: 'compose_tip_health' },
};

export interface WarningText {
  type: ComposeWarning['type'];
  title: string;
  /** One line per kind of personal info: "Phone number: +49 ••• 12", then the tip. */
  items: { line: string; tip: string }[];
  body: string;
}

function itemLine(item: PersonalInfoItem): { line: string; tip: string } {
  const keys = KIND_KEYS[item.kind];
  const extra = item.count - item.masked.length;
  const values = extra > 0 ? [...item.masked, t('compose_piiMore', extra)] : item.masked;
  return { line: t('compose_piiItem', t(keys.label), values.join(', ')), tip: t(keys.tip) };
}

const QUOTE_KEYS: Record<QuotePolicy, MessageKey> = {
  public: 'compose_audienceQuoteAnyone',
  followers: 'compose_audienceQuoteFollowers',
  nobody: 'compose_audienceQuoteNobody',
};

function audienceText(warning: Extract<ComposeWarning, { type: 'audience' }>): string {
  const who = audienceWho(warning);
  return warning.quotePolicy === null ? who : `${who} ${t(QUOTE_KEYS[warning.quotePolicy])}`;
}

function audienceWho(warning: Extract<ComposeWarning, { type: 'audience' }>): string {
  const n = warning.serverCount;
  const pick = (many: MessageKey, one: MessageKey, none: MessageKey) =>
    n === 0 ? t(none) : n === 1 ? t(one) : t(many, n.toLocaleString());
  switch (warning.visibility) {
    case 'public':
      return pick('compose_audiencePublic', 'compose_audiencePublicOne', 'compose_audiencePublicNone');
    case 'unlisted':
      return pick('compose_audienceUnlisted', 'compose_audienceUnlistedOne', 'compose_audienceUnlistedNone');
    case 'private':
      return pick('compose_audiencePrivate', 'compose_audiencePrivateOne', 'compose_audiencePrivateNone');
    case 'direct':
      return t('compose_audienceDirect');
  }
}

export function warningText(warning: ComposeWarning): WarningText {
  switch (warning.type) {
    case 'personal-info':
      return {
        type: warning.type,
        title: t(
          warning.visibility === 'public'
            ? 'compose_piiTitlePublic'
            : warning.visibility === 'unlisted'
              ? 'compose_piiTitleUnlisted'
              : 'compose_piiTitleUnknown',
        ),
        items: warning.items.map(itemLine),
        body: t('compose_piiBody'),
      };
    case 'followers-only-unlocked':
      return {
        type: warning.type,
        title: t('compose_followersUnlockedTitle'),
        items: [],
        body: t('compose_followersUnlockedBody'),
      };
    case 'untrusted-mentions':
      return {
        type: warning.type,
        title: t(
          warning.visibility === 'direct' ? 'compose_mentionsTitleDirect' : 'compose_mentionsTitlePrivate',
          warning.servers.join(', '),
        ),
        items: [],
        body: t(warning.pageSaysUnencrypted ? 'compose_mentionsBodyCopies' : 'compose_mentionsBody'),
      };
    case 'audience':
      return { type: warning.type, title: '', items: [], body: audienceText(warning) };
  }
}
