import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeStatus } from '../factories';
import { planRescope } from '../../utils/rescope/planner';
import { createJob, idempotencyKey, jobReport, transition } from '../../utils/rescope/journal';
import { openRescopeStore } from '../../utils/rescope/store';
import { cancelJob, pauseJob, resumeJob, retryFailed, runJob } from '../../utils/rescope/scheduler';
import { deleteBackup, exportBackup, type ExportedBackupFile } from '../../utils/rescope/backup';
import { pollExpiresIn } from '../../utils/rescope/executor';
import { DEFAULT_RESCOPE_OPTIONS } from '../../utils/rescope/types';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
let dbSeq = 0;
const freshStore = () => openRescopeStore(`rescope-journal-test-${++dbSeq}`);

function plan() {
  const statuses = ['3', '2', '1'].map((id, i) =>
    makeStatus({ id, created_at: new Date(NOW - (400 - i) * 86_400_000).toISOString() }),
  );
  return planRescope(makeSnapshot({ statuses }), { ...DEFAULT_RESCOPE_OPTIONS }, [], NOW);
}

describe('journal and store', () => {
  it('persists one entry per post in processing order, and survives a new connection', async () => {
    const store = await freshStore();
    const job = await createJob(store, plan(), NOW, 'job-a');
    expect(job.order).toEqual(['3', '2', '1']);
    store.close();
    const reopened = await openRescopeStore(`rescope-journal-test-${dbSeq}`);
    const entries = await reopened.listEntries('job-a');
    expect(entries.map((e) => [e.postId, e.state, e.seq])).toEqual([
      ['3', 'planned', 0],
      ['2', 'planned', 1],
      ['1', 'planned', 2],
    ]);
    expect((await reopened.getJob('job-a'))?.status).toBe('running');
  });

  it('derives the idempotency key from job, post and payload generation only', () => {
    expect(idempotencyKey('j', '1', 0)).toBe(idempotencyKey('j', '1', 0));
    expect(idempotencyKey('j', '1', 0)).not.toBe(idempotencyKey('j', '2', 0));
    expect(idempotencyKey('j', '1', 0)).not.toBe(idempotencyKey('j', '1', 1));
    expect(idempotencyKey('j', '1', 0)).not.toBe(idempotencyKey('k', '1', 0));
  });

  it('pauses, resumes and cancels through atomic job updates', async () => {
    const store = await freshStore();
    await createJob(store, plan(), NOW, 'job-b');
    expect((await pauseJob(store, 'job-b'))?.status).toBe('paused');
    expect((await resumeJob(store, 'job-b'))?.status).toBe('running');
    expect((await cancelJob(store, 'job-b'))?.status).toBe('cancelling');
    // A cancelled job touches nothing that was not yet started: every post is skipped, no client needed.
    const client = new Proxy({}, { get: () => () => Promise.reject(new Error('no API call expected')) });
    const result = await runJob('job-b', {
      client: client as never,
      clock: { now: () => NOW, sleep: async () => {} },
      store,
    });
    expect(result.status).toBe('cancelled');
    const report = await jobReport(store, 'job-b');
    expect(report.skipped).toBe(3);
    expect(report.rows.every((r) => r.reason?.includes('Cancelled'))).toBe(true);
  });

  it('retryFailed puts a post deleted-but-not-reposted back at its re-post step', async () => {
    const store = await freshStore();
    await createJob(store, plan(), NOW, 'job-c');
    const [first] = await store.listEntries('job-c');
    await transition(store, first!, 'failed', NOW, { failedIn: 'reposting', reason: 'refused' });
    await store.updateJob('job-c', (j) => ({ ...j, status: 'done' }));
    expect(await retryFailed(store, 'job-c', NOW)).toBe(1);
    expect((await store.getEntry('job-c', first!.postId))?.state).toBe('reposting');
    expect((await store.getJob('job-c'))?.status).toBe('running');
  });

  it('exports backups as one JSON file with media bytes, and deletes them only on request', async () => {
    const store = await freshStore();
    const status = makeStatus({ id: '77' });
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 128]);
    await store.putMedia({ key: 'job-d/77/m1', bytes: bytes.buffer, mime: 'image/png' });
    await store.putBackup({
      jobId: 'job-d',
      postId: '77',
      status,
      source: { text: 'Hello', spoiler_text: '' },
      deleted: null,
      media: [
        {
          id: 'm1',
          type: 'image',
          url: 'https://x/m1.png',
          description: 'alt',
          mime: 'image/png',
          filename: 'm1.png',
          size: 6,
          key: 'job-d/77/m1',
        },
      ],
      poll: null,
      createdAt: NOW,
    });
    const file = JSON.parse(await (await exportBackup(store, 'job-d', NOW)).text()) as ExportedBackupFile;
    expect(file.format).toBe('fediprint-rescope-backup');
    expect(file.posts).toHaveLength(1);
    const media = file.posts[0]!.media[0]!;
    expect(media.description).toBe('alt');
    expect([...Buffer.from(media.base64, 'base64')]).toEqual([...bytes]);
    await deleteBackup(store, 'job-d');
    expect(await store.listBackups('job-d')).toEqual([]);
    expect(await store.getMedia('job-d/77/m1')).toBeUndefined();
  });

  it('gives a re-drafted poll its remaining time, and a closed poll the minimum', () => {
    const open = {
      options: ['a', 'b'],
      multiple: false,
      expiresAt: new Date(NOW + 3_600_000).toISOString(),
      expired: false,
    };
    expect(pollExpiresIn(open, NOW)).toBe(3600);
    expect(pollExpiresIn({ ...open, expired: true }, NOW)).toBe(300);
  });
});

describe('message schemas', () => {
  it('accept what the code produces and reject malformed input', async () => {
    const { RescopeOptionsSchema, JobReportSchema } = await import('../../utils/rescope/messages');
    expect(RescopeOptionsSchema.parse(DEFAULT_RESCOPE_OPTIONS)).toEqual(DEFAULT_RESCOPE_OPTIONS);
    expect(RescopeOptionsSchema.safeParse({ ...DEFAULT_RESCOPE_OPTIONS, target: 'public' }).success).toBe(
      false,
    );
    const store = await freshStore();
    await createJob(store, plan(), NOW, 'job-m');
    expect(JobReportSchema.safeParse(await jobReport(store, 'job-m')).success).toBe(true);
  });
});
