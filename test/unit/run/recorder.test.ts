import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { readTimeline } from '../../../src/report/timeline-writer.js';
import { Recorder, type TimelineSink } from '../../../src/run/recorder.js';
import type { TimelineEvent } from '../../../src/timeline.js';

/** Records what reached it, and what had been appended at each sync (what the disk would hold). */
class SinkSpy implements TimelineSink {
  appended: TimelineEvent[] = [];
  syncedUpTo: number[] = [];
  closed = false;
  append(e: TimelineEvent): void {
    this.appended.push(e);
  }
  sync(): void {
    this.syncedUpTo.push(this.appended.length);
  }
  close(): void {
    this.closed = true;
  }
}

const target = (i: number): TimelineEvent => ({
  kind: 'target',
  at: i,
  reason: 'Killing',
  object: `pod/app-${i}`,
  message: 'Stopping container app',
});

describe('run recorder', () => {
  it('syncs a moment a crash must not lose before add returns', () => {
    const sink = new SinkSpy();
    const r = new Recorder(sink);
    r.add({ kind: 'phase', at: 1, phase: 'inject' });
    expect(sink.syncedUpTo).to.deep.equal([1]);
    r.add({ kind: 'fault.inject', at: 2, fault: 'f', type: 'istiod-oom', operations: [] });
    expect(sink.syncedUpTo).to.deep.equal([1, 2]);
  });

  it('writes a storm of pod events at once and syncs them together on the next turn', async () => {
    const sink = new SinkSpy();
    const r = new Recorder(sink);
    for (let i = 0; i < 200; i++) r.add(target(i));
    r.add({ kind: 'symptom', at: 200, what: 'proxies stale' });
    expect(sink.appended).to.have.length(201);
    expect(sink.syncedUpTo).to.deep.equal([]);
    await nextTurn();
    expect(sink.syncedUpTo).to.deep.equal([201]);
    await nextTurn();
    expect(sink.syncedUpTo).to.deep.equal([201]);
  });

  it('a moment synced in the same turn takes the pod events before it along, once', async () => {
    const sink = new SinkSpy();
    const r = new Recorder(sink);
    r.add(target(1));
    r.add({ kind: 'abort', at: 2, reason: 'operator' });
    expect(sink.syncedUpTo).to.deep.equal([2]);
    await nextTurn();
    expect(sink.syncedUpTo).to.deep.equal([2]);
  });

  it('never syncs for SLI seconds, and a sync still due is dropped at close', async () => {
    const sink = new SinkSpy();
    const r = new Recorder(sink);
    r.add({ kind: 'sli', at: 1, requests: 10, failures: 0, byStatus: {}, p50Ms: 1, p99Ms: 2 });
    r.add(target(2));
    r.close();
    await nextTurn();
    expect(sink.syncedUpTo).to.deep.equal([]);
    expect(sink.closed).to.equal(true);
  });

  it('leaves every event in timeline.jsonl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-recorder-'));
    try {
      const r = new Recorder(join(dir, 'timeline.jsonl'));
      r.add({ kind: 'phase', at: 1, phase: 'inject' });
      for (let i = 0; i < 50; i++) r.add(target(i));
      await nextTurn();
      r.close();
      const back = readTimeline(join(dir, 'timeline.jsonl'));
      expect(back).to.have.length(51);
      expect(back.at(-1)).to.deep.equal(target(49));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
