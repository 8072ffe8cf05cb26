import { expect } from 'chai';
import { newStatusState, renderStatus, updateStatus } from '../../../src/run/status-line.js';

describe('status line', () => {
  it('shows phase, elapsed time, the last second and the alerts firing now', () => {
    const s = newStatusState(0);
    updateStatus(s, { kind: 'phase', at: 0, phase: 'observe' });
    updateStatus(s, { kind: 'sli', at: 1000, requests: 200, failures: 3, byStatus: {}, p50Ms: 2, p99Ms: 41.6 });
    updateStatus(s, { kind: 'alert', at: 0, alert: 'IstiodOOMKilled', state: 'firing', labels: {}, heardAt: 0, source: 'prometheus' });
    updateStatus(s, { kind: 'alert', at: 0, alert: 'MeshHigh5xxRatio', state: 'firing', labels: {}, heardAt: 0, source: 'prometheus' });
    updateStatus(s, { kind: 'alert', at: 0, alert: 'MeshHigh5xxRatio', state: 'resolved', labels: {}, heardAt: 0, source: 'prometheus' });
    expect(renderStatus(s, 83_500)).to.equal('[observe] T+01:23  success 98.5%  p99 42ms  firing: IstiodOOMKilled');
  });

  it('says so when there is no data yet', () => {
    expect(renderStatus(newStatusState(0), 0)).to.equal('[bring-up] T+00:00  success —  p99 —  firing: none');
  });
});
