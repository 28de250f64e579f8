/** The i18n key that names each snapshot part, for the popup's progress and the CLI's. */
import type { MessageKey } from '../i18n';
import type { SnapshotPart } from './types';

export const PART_LABEL_KEYS: Record<SnapshotPart, MessageKey> = {
  account: 'progress_account',
  instance: 'progress_instance',
  statuses: 'progress_statuses',
  histories: 'progress_histories',
  followers: 'progress_followers',
  following: 'progress_following',
  followRequests: 'progress_followRequests',
  conversations: 'progress_conversations',
  domainBlocks: 'progress_domainBlocks',
};
