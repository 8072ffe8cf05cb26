import { expect } from 'chai';
import { PodWatch } from '../../../../src/targets/sim/model/pod-watch.js';
import type { PodState } from '../../../../src/targets/sim/model/state.js';

describe('sim model: pods watched by a step', () => {
  const pod = (order: number): PodState => ({ order, key: `ns/p${order}` }) as PodState;

  it('hands pods out in creation order, however they came back', () => {
    const w = new PodWatch();
    const [a, b, c, d] = [pod(1), pod(2), pod(3), pod(4)];
    w.add(b);
    w.add(d);
    w.add(a);
    w.add(c);
    w.add(b);
    expect(w.inOrder().map((p) => p.order)).to.deep.equal([1, 2, 3, 4]);
    w.delete(a);
    w.delete(c);
    w.add(c);
    w.add(pod(5));
    expect(w.inOrder().map((p) => p.order)).to.deep.equal([2, 3, 4, 5]);
    expect(w.size).to.equal(4);
    expect(w.inOrder()).to.include(c).and.not.include(a);
  });

  it('gives a copy the caller may change the watch under', () => {
    const w = new PodWatch();
    const pods = [pod(1), pod(2), pod(3)];
    for (const p of pods) w.add(p);
    const seen: number[] = [];
    for (const p of w.inOrder()) {
      seen.push(p.order);
      w.delete(p);
      if (p.order === 1) w.add(pod(9));
    }
    expect(seen).to.deep.equal([1, 2, 3]);
    expect(w.inOrder().map((p) => p.order)).to.deep.equal([9]);
  });
});
