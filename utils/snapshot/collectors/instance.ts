/**
 * The instance, the server's software (nodeinfo), and the instance's domain blocks: they rarely
 * change, so a re-check reads them once a day.
 */
import type { Collector, CollectContext } from './context';

const cachedFresh = (ctx: CollectContext, part: 'instance' | 'domainBlocks') =>
  ctx.prev !== null && !ctx.prevIncomplete.has(part) && ctx.instanceFresh;

export const instanceCollector: Collector = {
  parts: ['instance'],
  async collect(ctx) {
    const prev = ctx.prev;
    if (cachedFresh(ctx, 'instance') && prev?.instance && prev.software !== undefined)
      return { instance: prev.instance, instanceFetchedAt: prev.instanceFetchedAt, software: prev.software };
    return ctx.run(async () => {
      // Software first: it is informational, and its failure must not cost the instance.
      const software = await ctx.client.serverSoftware(ctx.signal).catch(() => prev?.software ?? null);
      try {
        const instance = await ctx.client.instance(ctx.signal);
        return { instance, software, instanceFetchedAt: new Date(ctx.clock.now()).toISOString() };
      } catch (error) {
        ctx.fail('instance', error);
        return { instance: prev?.instance ?? null, software };
      }
    });
  },
};

export const domainBlocksCollector: Collector = {
  parts: ['domainBlocks'],
  async collect(ctx) {
    if (cachedFresh(ctx, 'domainBlocks')) return { domainBlocks: ctx.prev?.domainBlocks ?? null };
    return ctx.run(async () => {
      try {
        return { domainBlocks: await ctx.client.instanceDomainBlocks(ctx.signal) };
      } catch (error) {
        ctx.fail('domainBlocks', error);
        return { domainBlocks: ctx.prev?.domainBlocks ?? null };
      }
    });
  },
};
