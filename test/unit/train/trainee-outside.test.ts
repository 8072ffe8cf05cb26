import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { readTrainingLog, TrainingLog } from '../../../src/train/training-log.js';
import { Trainee } from '../../../src/train/trainee.js';

const T0 = Date.UTC(2026, 10, 30, 12);
const change = (at: number) => ({
  at,
  object: 'deployment/payments/payments-api',
  summary: 'deployment payments/payments-api: replicas 2 → 0',
  via: 'kubectl-scale',
});

describe('Trainee: changes made outside train act', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-trainee-outside-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are the trainee’s actions while the session is live, at their own instant, and only then', () => {
    const clock = new VirtualClock(T0);
    const emitted: TimelineEvent[] = [];
    const trainee = new Trainee(clock, new TrainingLog(dir), []);
    trainee.outside(change(T0 - 1000));
    trainee.join({
      endpoints: { ingressUrl: 'http://127.0.0.1:1', scrape: { kind: 'http-sd', url: 'http://127.0.0.1:1/sd' }, timeScale: 1 },
      emit: (e) => emitted.push(e),
      events: () => emitted,
      mutate: () => Promise.reject(new Error('not used')),
    });
    trainee.outside(change(T0 + 5000));
    trainee.leave();
    trainee.outside(change(T0 + 9000));
    const action = 'deployment payments/payments-api: replicas 2 → 0 (kubectl-scale)';
    expect(emitted).to.deep.equal([{ kind: 'action', at: T0 + 5000, by: 'trainee', action, ok: true }]);
    expect(readTrainingLog(dir)).to.deep.equal([
      { kind: 'act', at: T0 + 5000, action, ok: true, via: 'kubectl-scale', object: 'deployment/payments/payments-api' },
    ]);
  });
});
