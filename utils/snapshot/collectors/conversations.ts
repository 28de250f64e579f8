/** Conversations (DM threads): newest first, until one is unchanged since the last run. */
import type { Conversation } from '../../mastodon/schemas';
import type { Collector } from './context';

/** Largest page of conversations Mastodon serves. */
const CONVERSATION_PAGE = 40;

export const conversationsCollector: Collector = {
  parts: ['conversations'],
  async collect(ctx) {
    const conversations = await ctx.paged.walkList('conversations', 1, async (): Promise<Conversation[]> => {
      const previous = ctx.prev?.conversations ?? [];
      const cached = new Map(previous.map((c) => [c.id, c]));
      const incremental = ctx.prev !== null && !ctx.prevIncomplete.has('conversations');
      const fresh: Conversation[] = [];
      try {
        const pages = ctx.client.conversations({
          signal: ctx.signal,
          limit: CONVERSATION_PAGE,
          onUnread: ctx.unread('conversations'),
        });
        await ctx.paged.readPages('conversations', pages, (page) => {
          for (const conversation of page) {
            const old = cached.get(conversation.id);
            if (incremental && old && old.last_status?.id === conversation.last_status?.id) return false;
            fresh.push(conversation);
          }
          ctx.progress('conversations', fresh.length, null);
          return true;
        });
      } catch (error) {
        ctx.fail('conversations', error);
      }
      const freshIds = new Set(fresh.map((c) => c.id));
      return [...fresh, ...previous.filter((c) => !freshIds.has(c.id))];
    });
    return { conversations };
  },
};
