/**
 * Severity of personal info by kind and by who can read it. Rationale in ../README.md.
 */
import type { PiiKind } from '../../pii/types';
import { SEVERITIES, type Severity } from '../types';

/**
 * Public (and quiet public) text: anyone can read it and every receiving server keeps a copy.
 * - high: values that enable fraud, account takeover or finding your home.
 * - medium: values that identify or locate you, or reveal sensitive facts.
 */
const PUBLIC: Record<PiiKind, Severity> = {
  'gov-id': 'high',
  'payment-card': 'high',
  'bank-account': 'high',
  secret: 'high',
  'street-address': 'high',
  phone: 'medium',
  email: 'medium',
  birthdate: 'medium',
  location: 'medium',
  absence: 'medium',
  family: 'medium',
  health: 'medium',
  'ip-address': 'medium',
  coordinates: 'medium',
};

/**
 * Private mentions: readable by the admins of the sender's and every recipient's server,
 * but not by the public. Fraud-enabling values stay high; the rest drops to low, since
 * people share them on purpose with the recipient.
 */
const DIRECT: Record<PiiKind, Severity> = {
  'gov-id': 'high',
  'payment-card': 'high',
  'bank-account': 'high',
  secret: 'high',
  'street-address': 'low',
  phone: 'low',
  email: 'low',
  birthdate: 'low',
  location: 'low',
  absence: 'low',
  family: 'low',
  health: 'low',
  'ip-address': 'low',
  coordinates: 'low',
};

export function publicSeverity(kind: PiiKind): Severity {
  return PUBLIC[kind];
}

export function directSeverity(kind: PiiKind): Severity {
  return DIRECT[kind];
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The most severe of a list (high first in SEVERITIES); `info` for an empty list. */
export function maxSeverity(list: readonly Severity[]): Severity {
  let best: Severity = 'info';
  for (const s of list) if (severityRank(s) < severityRank(best)) best = s;
  return best;
}
