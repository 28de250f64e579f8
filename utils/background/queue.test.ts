import { describe, expect, it } from 'vitest';
import { AccountQueues, type QueueState } from './queue';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('per-account job queue', () => {
  it('runs one job at a time per account, joins an equal request and queues another kind behind', async () => {
    const states: QueueState[] = [];
    const queues = new AccountQueues((_, s) => states.push(s));
    const log: string[] = [];
    const first = gate();
    const crawl = queues.enqueue('a', 'crawl', 'crawl', async () => {
      log.push('crawl start');
      await first.opened;
      log.push('crawl end');
      return 'crawled';
    });
    const again = queues.enqueue('a', 'crawl', 'crawl', async () => {
      log.push('second crawl');
      return 'never';
    });
    const merge = queues.enqueue('a', 'archive:1', 'archive-merge', async () => {
      log.push('merge');
      return 'merged';
    });
    const other = queues.enqueue('b', 'crawl', 'crawl', async () => {
      log.push('other account');
      return 'b';
    });

    expect(crawl.admission).toEqual({ joined: false, behind: null });
    expect(again.admission).toEqual({ joined: true, behind: null });
    expect(merge.admission).toEqual({ joined: false, behind: 'crawl' });
    expect(other.admission).toEqual({ joined: false, behind: null });
    expect(queues.state('a')).toEqual({ running: 'crawl', waiting: ['archive-merge'] });

    await other.done;
    expect(log).toEqual(['crawl start', 'other account']);
    first.open();
    expect(await again.done).toBe('crawled');
    expect(await merge.done).toBe('merged');
    expect(log).toEqual(['crawl start', 'other account', 'crawl end', 'merge']);
    expect(states.at(-1)).toEqual({ running: null, waiting: [] });
  });

  it('a request joining a waiting job says what it waits behind', async () => {
    const queues = new AccountQueues();
    const hold = gate();
    queues.enqueue('a', 'rescope:j', 'rescope', () => hold.opened);
    queues.enqueue('a', 'crawl', 'crawl', async () => 1);
    expect(queues.enqueue('a', 'crawl', 'crawl', async () => 2).admission).toEqual({
      joined: true,
      behind: 'rescope',
    });
    hold.open();
    await queues.idle('a');
  });

  it('cancels a waiting job without running it and aborts a running one, then goes on', async () => {
    const queues = new AccountQueues();
    const ran: string[] = [];
    const running = queues.enqueue(
      'a',
      'crawl',
      'crawl',
      (signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    );
    const waiting = queues.enqueue('a', 'archive:1', 'archive-merge', async () => ran.push('merge'));
    const after = queues.enqueue('a', 'rescope:j', 'rescope', async () => ran.push('rescope'));
    expect(queues.cancel('a', 'archive:1')).toBe(true);
    await expect(waiting.done).rejects.toThrow('Cancelled');
    expect(queues.cancel('a', 'crawl')).toBe(true);
    await expect(running.done).rejects.toThrow('Cancelled');
    await after.done;
    expect(ran).toEqual(['rescope']);
  });

  it('a failing job does not stop the queue', async () => {
    const queues = new AccountQueues();
    const failing = queues.enqueue('a', 'crawl', 'crawl', async () => {
      throw new Error('boom');
    });
    const next = queues.enqueue('a', 'archive:1', 'archive-merge', async () => 'ok');
    await expect(failing.done).rejects.toThrow('boom');
    expect(await next.done).toBe('ok');
  });
});
