/**
 * Words for kinds, places and severities, through t(). Used by the checks, the report and
 * the components, so a kind is named the same everywhere.
 */
import { t, type MessageKey } from '../../i18n';
import type { PiiKind } from '../../pii/types';
import type { Severity } from '../types';

const KIND_KEYS: Record<PiiKind, MessageKey> = {
  email: 'checks_kind_email',
  phone: 'checks_kind_phone',
  'street-address': 'checks_kind_streetAddress',
  birthdate: 'checks_kind_birthdate',
  'gov-id': 'checks_kind_govId',
  'payment-card': 'checks_kind_paymentCard',
  'bank-account': 'checks_kind_bankAccount',
  'ip-address': 'checks_kind_ipAddress',
  coordinates: 'checks_kind_coordinates',
  secret: 'checks_kind_secret',
  location: 'checks_kind_location',
  absence: 'checks_kind_absence',
  family: 'checks_kind_family',
  health: 'checks_kind_health',
};

const WHERE_KEYS: Record<string, MessageKey> = {
  content: 'checks_where_content',
  spoiler: 'checks_where_spoiler',
  poll: 'checks_where_poll',
  media: 'checks_where_media',
  display_name: 'checks_where_displayName',
  note: 'checks_where_note',
  field: 'checks_where_field',
  history: 'checks_where_history',
};

const SEVERITY_KEYS: Record<Severity, MessageKey> = {
  high: 'checks_severity_high',
  medium: 'checks_severity_medium',
  low: 'checks_severity_low',
  info: 'checks_severity_info',
};

/** Unknown kinds (from stored results of a newer version) are shown as they are. */
export function kindLabel(kind: PiiKind | string): string {
  const key = KIND_KEYS[kind as PiiKind] as MessageKey | undefined;
  return key ? t(key) : kind;
}

/** "phone number, email address" in the UI language's list separator. */
export function kindList(kinds: readonly (PiiKind | string)[]): string {
  return kinds.map(kindLabel).join(t('checks_listSeparator'));
}

export function whereLabel(where: string): string {
  const key = WHERE_KEYS[where];
  return key ? t(key) : where;
}

export function severityLabel(severity: Severity): string {
  return t(SEVERITY_KEYS[severity]);
}

/** The name of a check, for lines about the check itself (not applicable on this server). */
export function checkName(check: string): string {
  switch (check) {
    case 'default-quote-policy-public':
      return t('checks_name_defaultQuotePolicyPublic');
    case 'quotable-personal-info':
      return t('checks_name_quotablePersonalInfo');
    case 'featured-in-collections':
      return t('checks_name_featuredInCollections');
    case 'profile-media-tab':
      return t('checks_name_profileMediaTab');
    default:
      return check;
  }
}
