/**
 * The registry: every part of the snapshot and the collector that reads it. They all run at once;
 * the post walk comes first in the paged budget (./context.ts), the others read beside it.
 * To read a new part, add its collector here and its field to AccountSnapshot.
 */
import type { Collector } from './context';
import { conversationsCollector } from './conversations';
import { domainBlocksCollector, instanceCollector } from './instance';
import { followersCollector, followingCollector, followRequestsCollector } from './lists';
import { statusesCollector } from './statuses';

export const COLLECTORS: readonly Collector[] = [
  instanceCollector,
  domainBlocksCollector,
  followersCollector,
  followingCollector,
  followRequestsCollector,
  conversationsCollector,
  statusesCollector,
];

export type { Collector, CollectContext, CollectedPart } from './context';
