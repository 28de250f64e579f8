/**
 * One queue per account: crawls (the manual checkup and the scheduled re-check), archive merges
 * and re-scope runs take turns, so no two of them read and write the same account's state at once
 * and no two crawls spend the same token's budget.
 *
 * A request whose key is already queued or running joins that job (a second checkup click, a
 * re-check alarm during a checkup, a second tab starting the same re-scope job) and gets its
 * outcome; any other request waits behind the running job. Both are said in the admission, so
 * the caller can tell the user.
 */

export type JobKind = 'crawl' | 'archive-merge' | 'rescope' | 'fix';

export interface Admission {
  /** An equal job was already queued or running; this request shares its outcome. */
  joined: boolean;
  /** What runs now ahead of this request (null: it runs at once). */
  behind: JobKind | null;
}

export interface QueueState {
  running: JobKind | null;
  waiting: JobKind[];
}

interface Entry {
  key: string;
  kind: JobKind;
  controller: AbortController;
  work: (signal: AbortSignal) => Promise<unknown>;
  done: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Lane {
  running: Entry | null;
  waiting: Entry[];
}

export class AccountQueues {
  private readonly lanes = new Map<string, Lane>();

  /** `onChange` sees every change of an account's queue (the background stores it for pages to watch). */
  constructor(private readonly onChange?: (account: string, state: QueueState) => void) {}

  /**
   * Queues `work` under `key` for `account`. `done` settles with the job's outcome (for a joined
   * request: the outcome of the job it joined).
   */
  enqueue<T>(
    account: string,
    key: string,
    kind: JobKind,
    work: (signal: AbortSignal) => Promise<T>,
  ): { admission: Admission; done: Promise<T> } {
    const lane = this.lane(account);
    const same = [lane.running, ...lane.waiting].find((e) => e?.key === key);
    if (same) {
      const behind = same === lane.running ? null : (lane.running?.kind ?? null);
      return { admission: { joined: true, behind }, done: same.done as Promise<T> };
    }
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A caller that only watches state need not handle the outcome.
    done.catch(() => undefined);
    const entry: Entry = { key, kind, controller: new AbortController(), work, done, resolve, reject };
    const behind = lane.running?.kind ?? lane.waiting[0]?.kind ?? null;
    lane.waiting.push(entry);
    this.changed(account);
    this.next(account);
    return { admission: { joined: false, behind }, done: done as Promise<T> };
  }

  /** Aborts the job under `key`: a waiting one is dropped, a running one gets its signal aborted. */
  cancel(
    account: string,
    key: string,
    reason: unknown = new DOMException('Cancelled', 'AbortError'),
  ): boolean {
    const lane = this.lanes.get(account);
    if (!lane) return false;
    if (lane.running?.key === key) {
      lane.running.controller.abort(reason);
      return true;
    }
    const index = lane.waiting.findIndex((e) => e.key === key);
    if (index < 0) return false;
    const [dropped] = lane.waiting.splice(index, 1);
    dropped!.reject(reason);
    this.changed(account);
    return true;
  }

  /** Aborts everything of the account (sign-out). Resolves when the running job has stopped. */
  async cancelAll(
    account: string,
    reason: unknown = new DOMException('Cancelled', 'AbortError'),
  ): Promise<void> {
    const lane = this.lanes.get(account);
    if (!lane) return;
    for (const entry of lane.waiting.splice(0)) entry.reject(reason);
    const running = lane.running;
    running?.controller.abort(reason);
    this.changed(account);
    await running?.done.catch(() => undefined);
  }

  isQueued(account: string, key: string): boolean {
    const lane = this.lanes.get(account);
    return !!lane && [lane.running, ...lane.waiting].some((e) => e?.key === key);
  }

  state(account: string): QueueState {
    const lane = this.lanes.get(account);
    return { running: lane?.running?.kind ?? null, waiting: lane?.waiting.map((e) => e.kind) ?? [] };
  }

  /** Resolves when the account's queue is empty (tests, sign-out). */
  async idle(account: string): Promise<void> {
    for (;;) {
      const lane = this.lanes.get(account);
      const last = lane && (lane.waiting[lane.waiting.length - 1] ?? lane.running);
      if (!last) return;
      await last.done.catch(() => undefined);
    }
  }

  private lane(account: string): Lane {
    let lane = this.lanes.get(account);
    if (!lane) {
      lane = { running: null, waiting: [] };
      this.lanes.set(account, lane);
    }
    return lane;
  }

  private changed(account: string): void {
    this.onChange?.(account, this.state(account));
  }

  private next(account: string): void {
    const lane = this.lanes.get(account);
    if (!lane || lane.running) return;
    const entry = lane.waiting.shift();
    if (!entry) {
      this.lanes.delete(account);
      this.changed(account);
      return;
    }
    lane.running = entry;
    this.changed(account);
    void (async () => {
      try {
        entry.resolve(await entry.work(entry.controller.signal));
      } catch (error) {
        entry.reject(error);
      } finally {
        lane.running = null;
        this.next(account);
      }
    })();
  }
}

export function accountKey(server: string, accountId: string): string {
  return `${server}|${accountId}`;
}
