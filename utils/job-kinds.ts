/** The words pages use for what a job waits behind. */
import { t, type MessageKey } from './i18n';
import type { JobKind } from './background/queue';

const LABELS: Record<JobKind, MessageKey> = {
  crawl: 'job_crawl',
  'archive-merge': 'job_archiveMerge',
  rescope: 'job_rescope',
  fix: 'job_fix',
};

export function jobKindLabel(kind: JobKind): string {
  return t(LABELS[kind]);
}
