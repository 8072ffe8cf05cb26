import { expect } from 'chai';
import type { V1Deployment, V1ManagedFieldsEntry } from '@kubernetes/client-node';
import { deploymentChange, istioObjectChange, writersOf } from '../../../../src/targets/kube/change-summary.js';

const entry = (manager: string, time: string, extra: Partial<V1ManagedFieldsEntry> = {}): V1ManagedFieldsEntry => ({
  manager,
  operation: 'Update',
  apiVersion: 'apps/v1',
  time: time as unknown as Date,
  ...extra,
});

function deployment(replicas: number, image: string, memory?: string): V1Deployment {
  return {
    spec: {
      replicas,
      selector: { matchLabels: { app: 'a' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'a' } },
        spec: { containers: [{ name: 'app', image, ...(memory ? { resources: { limits: { memory } } } : {}) }] },
      },
    },
  };
}

describe('change summary: who changed a watched object, and what', () => {
  it('the writer is the manager whose entry is new or moved; a status write never is', () => {
    const before = [
      entry('istio-gameday', '2026-11-30T10:00:00Z'),
      entry('kube-controller-manager', '2026-11-30T10:00:01Z', { subresource: 'status' }),
    ];
    expect(writersOf(before, [...before, entry('kubectl-scale', '2026-11-30T10:00:05Z', { subresource: 'scale' })])).to.deep.equal([
      'kubectl-scale',
    ]);
    expect(writersOf(before, [entry('istio-gameday', '2026-11-30T10:00:09Z'), before[1]!])).to.deep.equal(['istio-gameday']);
    expect(
      writersOf(before, [before[0]!, entry('kube-controller-manager', '2026-11-30T10:00:09Z', { subresource: 'status' })]),
    ).to.deep.equal(['istio-gameday']);
  });

  it('names what changed in a Deployment: replicas, image, memory limit', () => {
    expect(deploymentChange(deployment(2, 'app:1'), deployment(1, 'app:1'))).to.equal('replicas 2 → 1');
    expect(deploymentChange(deployment(2, 'app:1'), deployment(2, 'app:2', '64Mi'))).to.equal(
      'image app: app:1 → app:2, memory limit app: none → 64Mi',
    );
    expect(deploymentChange(deployment(2, 'app:1'), deployment(2, 'app:1'))).to.equal(null);
  });

  it('an object from a typed list equals the same object from a watch (key order, nulls)', () => {
    const watched = deployment(2, 'app:1');
    const listed = {
      spec: {
        ...watched.spec!,
        strategy: { rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' }, type: 'RollingUpdate' },
        paused: undefined,
      },
    };
    expect(deploymentChange(listed as V1Deployment, watched)).to.equal(null);
  });

  it('names what changed in an Istio object', () => {
    const p = (action: string, dry?: string) => ({
      metadata: dry ? { annotations: { 'istio.io/dry-run': dry } } : {},
      spec: { action, rules: [{}] },
    });
    expect(istioObjectChange(p('DENY'), p('ALLOW'))).to.equal('spec.action DENY → ALLOW');
    expect(istioObjectChange(p('DENY'), p('DENY', 'true'))).to.equal('istio.io/dry-run none → true');
    expect(istioObjectChange(p('DENY'), p('DENY'))).to.equal(null);
  });
});
