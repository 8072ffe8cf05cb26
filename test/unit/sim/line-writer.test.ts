import { expect } from 'chai';
import { LineWriter } from '../../../src/targets/sim/metrics/line-writer.js';

describe('sim metrics line writer', () => {
  it('writes each line start, the value as Prometheus prints it, and a newline', () => {
    const w = new LineWriter(0);
    const start = Buffer.from('c_total{pod="a"} ');
    for (const v of [0, 12, 1.5, 0.1 + 0.2, 1e21, -3, NaN, Infinity, -Infinity]) w.line(start, v);
    expect(w.done().toString('utf8').split('\n')).to.deep.equal([
      ...['0', '12', '1.5', '0.30000000000000004', '1e+21', '-3', 'NaN', '+Inf', '-Inf'].map((v) => `c_total{pod="a"} ${v}`),
      '',
    ]);
  });

  it('grows past its first size, keeping what it wrote', () => {
    const w = new LineWriter(16);
    const start = Buffer.from(`m{pod="${'x'.repeat(300)}"} `);
    for (let i = 0; i < 1000; i++) w.line(start, i);
    const lines = w.done().toString('utf8').trimEnd().split('\n');
    expect(lines).to.have.length(1000);
    expect(lines[999]).to.equal(`${start.toString()}999`);
  });
});
