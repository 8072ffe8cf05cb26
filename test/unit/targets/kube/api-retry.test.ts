import { expect } from 'chai';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { Clock } from '../../../../src/clock.js';
import { ApiUnreachableError, retryTransient, transientFailure } from '../../../../src/targets/kube/api-retry.js';

/** A clock whose sleeps pass at once, recording each pause. */
function jumpingClock(): Clock & { pauses: number[] } {
  let t = 1_000_000;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => t,
    sleep: (ms: number) => {
      pauses.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

function capture(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

const refused = Object.assign(new Error('request to https://127.0.0.1:6443/api failed, reason: connect ECONNREFUSED 127.0.0.1:6443'), {
  code: 'ECONNREFUSED',
});
const timedOut = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
const api = (code: number): Error => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: '{}' });

describe('kube API retry', () => {
  it('tells what passes from what the server meant', () => {
    expect(transientFailure(refused)).to.deep.equal({ reason: 'ECONNREFUSED', mayHaveLanded: false });
    expect(transientFailure(timedOut)).to.deep.equal({ reason: 'no answer in time', mayHaveLanded: true });
    expect(transientFailure(api(503))).to.deep.equal({ reason: 'HTTP 503', mayHaveLanded: true });
    expect(transientFailure(api(429))?.mayHaveLanded).to.equal(false);
    expect(transientFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))?.mayHaveLanded).to.equal(true);
    // Wrapped by the watch that confirms a change: found through `cause`.
    expect(transientFailure(new Error('AuthorizationPolicy p: not confirmed', { cause: refused }))?.reason).to.equal('ECONNREFUSED');
    for (const code of [400, 403, 404, 409, 422]) expect(transientFailure(api(code)), `HTTP ${code}`).to.equal(null);
    expect(transientFailure(new Error('spec.replicas: Invalid value'))).to.equal(null);
  });

  it('tries again with capped exponential backoff and jitter, logging each retry, until the server answers', async () => {
    const clock = jumpingClock();
    const { log, lines } = capture();
    const failures: number[] = [];
    let calls = 0;
    const answers: number[] = [];
    const v = await retryTransient(
      'apply policy',
      () => (++calls <= 6 ? Promise.reject(calls % 2 ? refused : timedOut) : Promise.resolve('done')),
      {
        clock,
        log,
        random: () => 0.5,
        policy: { deadlineMs: 60_000, baseMs: 250, capMs: 4000 },
        onTransient: (_f, at) => failures.push(at),
        onAnswer: (at) => answers.push(at),
      },
    );
    expect(v).to.equal('done');
    expect(calls).to.equal(7);
    // ceiling 250, 500, 1000, 2000, 4000, 4000 (capped); pause = ¾ of it at random 0.5.
    expect(clock.pauses).to.deep.equal([188, 375, 750, 1500, 3000, 3000]);
    expect(failures).to.have.length(6);
    expect(answers).to.have.length(1);
    expect(lines.filter((l) => l.event === 'kube.retry').map((l) => l.attempt)).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });

  it('gives up at the deadline, saying for how long and whether the change may have landed', async () => {
    const clock = jumpingClock();
    const { log } = capture();
    let calls = 0;
    const err = await retryTransient('delete policy', () => (++calls === 1 ? Promise.reject(timedOut) : Promise.reject(refused)), {
      clock,
      log,
      random: () => 0,
      policy: { deadlineMs: 5000, baseMs: 500, capMs: 2000 },
    }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApiUnreachableError);
    const e = err as ApiUnreachableError;
    expect(e.attempts).to.be.greaterThan(2);
    expect(e.forMs).to.be.at.most(5000);
    // The first attempt timed out: the change may have landed even though every later one was refused.
    expect(e.mayHaveLanded).to.equal(true);
    expect(e.message).to.match(/did not answer for .* s \(\d+ attempt\(s\), last: ECONNREFUSED\); the change may have landed/);
  });

  it('throws at once what the server refused', async () => {
    const clock = jumpingClock();
    let calls = 0;
    const err = await retryTransient('create', () => (++calls, Promise.reject(api(422))), { clock, log: capture().log }).catch(
      (e: unknown) => e,
    );
    expect(calls).to.equal(1);
    expect((err as { code: number }).code).to.equal(422);
  });
});
