import { expect } from 'chai';
import { humanDuration } from '../../../src/targets/sim/views/age.js';
import { renderDeployments } from '../../../src/targets/sim/views/deployments-view.js';
import { renderNodes } from '../../../src/targets/sim/views/nodes-view.js';
import { renderPods } from '../../../src/targets/sim/views/pods-view.js';
import { renderPolicies } from '../../../src/targets/sim/views/policies-view.js';
import { renderProxyStatus } from '../../../src/targets/sim/views/proxy-status-view.js';
import { renderTable } from '../../../src/targets/sim/views/table.js';
import type { MeshSnapshot, PodView } from '../../../src/targets/views.js';
import { FakeMeshModel } from './fake-mesh-model.js';

function snapshot(): MeshSnapshot {
  return new FakeMeshModel().snapshot();
}

describe('sim kubectl/istioctl-like views', () => {
  it('ages like kubectl', () => {
    expect(humanDuration(5_000)).to.equal('5s');
    expect(humanDuration(119_000)).to.equal('119s');
    expect(humanDuration(200_000)).to.equal('3m20s');
    expect(humanDuration(600_000)).to.equal('10m');
    expect(humanDuration(4 * 3_600_000 + 60_000)).to.equal('4h1m');
    expect(humanDuration(30 * 3_600_000)).to.equal('30h');
    expect(humanDuration(3 * 86_400_000 + 3_600_000)).to.equal('3d1h');
    expect(humanDuration(-5_000)).to.equal('<invalid>');
  });

  it('aligns columns three spaces apart and says when there is nothing', () => {
    expect(renderTable(['A', 'LONGER'], [['xyz', '1']])).to.equal('A     LONGER\nxyz   1\n');
    expect(renderTable(['A'], [])).to.equal('No resources found\n');
  });

  it('prints pods like kubectl get pods -A', () => {
    const snap = snapshot();
    const lines = renderPods(snap).trimEnd().split('\n');
    expect(lines[0]).to.match(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines[1]).to.match(/^prod\s+frontend-abc\s+1\/1\s+Running\s+0\s+90s$/);
  });

  it('shows a crash-looping container’s reason and restarts with their age', () => {
    const snap = snapshot();
    const crashing: PodView = {
      ...snap.pods[0]!,
      name: 'istiod-1-24-1-xyz',
      namespace: 'istio-system',
      ready: false,
      containers: [
        {
          name: 'discovery',
          image: 'istio/pilot:1.24.1',
          status: { state: 'waiting', reason: 'CrashLoopBackOff' },
          restartCount: 4,
          lastTerminated: { reason: 'OOMKilled', exitCode: 137, at: snap.at - 30_000 },
          memoryLimitBytes: 512 * 2 ** 20,
          memoryWorkingSetBytes: 0,
        },
      ],
    };
    const out = renderPods({ at: snap.at, pods: [crashing] });
    expect(out).to.match(/istio-system\s+istiod-1-24-1-xyz\s+0\/1\s+CrashLoopBackOff\s+4 \(30s ago\)\s+90s/);
  });

  it('prints deployments, policies and nodes', () => {
    const snap = snapshot();
    expect(renderDeployments(snap))
      .to.match(/NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/)
      .and.match(/prod\s+frontend\s+1\/1\s+1\s+1\s+90s/);
    snap.policies.push({ namespace: 'prod', name: 'deny-all', action: 'DENY', selector: { app: 'backend' }, rules: [{}] });
    expect(renderPolicies(snap)).to.match(/prod\s+deny-all\s+DENY\s+false\s+app=backend\s+1/);
    expect(renderNodes(snap)).to.match(/sim-worker\s+Ready\s+example\/frontend:1/);
  });

  it('prints istioctl proxy-status for connected proxies only', () => {
    const model = new FakeMeshModel();
    const lines = renderProxyStatus(model.snapshot()).trimEnd().split('\n');
    expect(lines[0]).to.match(/^NAME\s+CLUSTER\s+CDS\s+LDS\s+EDS\s+RDS\s+ECDS\s+ISTIOD\s+VERSION$/);
    expect(lines[1]).to.match(
      /^frontend-abc\.prod\s+Kubernetes\s+SYNCED\s+SYNCED\s+STALE\s+SYNCED\s+NOT SENT\s+istiod-1-24-1-xyz\s+1\.24\.1$/,
    );
    model.istiodRunning = false;
    expect(renderProxyStatus(model.snapshot())).to.equal('No resources found\n');
  });
});
