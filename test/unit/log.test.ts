import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger, formatLine, type LogFormat } from '../../src/log.js';

const AT = Date.UTC(2026, 0, 1, 7, 1, 0, 100);
const alert = {
  event: 'alert.firing',
  alert: 'IstiodOOMKilled',
  labels: { alertname: 'IstiodOOMKilled', pod: 'istiod-1' },
  at: AT,
  heardAt: AT + 1900,
};

function capture(format: LogFormat): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, log: createLogger({ format, stream }) };
}

describe('log lines', () => {
  it('tells a person the sentence and the fields they need, times as clock time, no raw label objects', () => {
    const line = formatLine({
      level: 30,
      time: '2026-01-01T07:01:02.000Z',
      msg: 'IstiodOOMKilled firing {pod=istiod-1}',
      scenario: 'oom',
      ...alert,
    });
    expect(line).to.equal('07:01:02 alert.firing     IstiodOOMKilled firing {pod=istiod-1}  scenario=oom at=07:01:00.100');
    expect(line).to.not.match(/labels=|heardAt=|\d{13}/);
  });

  it('names a failure and an error, and keeps quiet about success', () => {
    expect(
      formatLine({ level: 30, time: '2026-01-01T07:01:02.000Z', event: 'revert.done', msg: 'reverted oom', fault: 'oom', ok: true }),
    ).to.equal('07:01:02 revert.done      reverted oom  fault=oom');
    expect(
      formatLine({
        level: 50,
        time: '2026-01-01T07:01:02.000Z',
        event: 'sim.tick-failed',
        msg: 'model tick failed',
        err: { type: 'Error', message: 'boom', stack: 'x' },
      }),
    ).to.equal('07:01:02 ERROR sim.tick-failed  model tick failed  err=boom');
  });

  it('keeps every field in the JSON format', () => {
    const { lines, log } = capture('json');
    log.info(alert, 'IstiodOOMKilled firing');
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).to.deep.include({ event: 'alert.firing', labels: alert.labels, at: AT, heardAt: AT + 1900, msg: 'IstiodOOMKilled firing' });
  });
});
