import { expect } from 'chai';
import { pagesFrom } from '../../../src/train/pages.js';
import { pagerScreen } from '../../../src/train/pager-screen.js';

const AM = [
  {
    labels: { alertname: 'MeshRbacDenied', severity: 'critical', destination_workload_namespace: 'payments' },
    annotations: {
      summary: 'More than 5% of requests to payments/payments-api are denied (403)',
      runbook_url: 'docs/runbooks/deny-policy.md',
    },
    startsAt: '2026-11-30T16:05:37.226Z',
    fingerprint: 'abc',
    status: { state: 'active' },
  },
  { labels: { alertname: 'Silenced' }, startsAt: '2026-11-30T16:05:37Z', fingerprint: 'def', status: { state: 'suppressed' } },
];

describe('train: pages', () => {
  it('turns Alertmanager active alerts into pages at their firing instant', () => {
    expect(pagesFrom(AM, 123)).to.deep.equal([
      {
        kind: 'page',
        at: Date.parse('2026-11-30T16:05:37.226Z'),
        shownAt: 123,
        alert: 'MeshRbacDenied',
        severity: 'critical',
        summary: 'More than 5% of requests to payments/payments-api are denied (403)',
        fingerprint: 'abc',
        runbookUrl: 'docs/runbooks/deny-policy.md',
      },
    ]);
    expect(pagesFrom({ not: 'a list' }, 1)).to.deep.equal([]);
  });

  it('shows open pages first-class on the pager screen, with the runbook and the keys', () => {
    const [p] = pagesFrom(AM, 1);
    const open = pagerScreen([{ ...p!, acked: false }], 'alex on call');
    expect(open).to.include('1 page(s), 1 open');
    expect(open).to.include('▶ OPEN 16:05:37Z  CRITICAL MeshRbacDenied');
    expect(open).to.include('runbook: docs/runbooks/deny-policy.md');
    expect(open).to.include('[a] acknowledge');
    const acked = pagerScreen([{ ...p!, acked: true }], 'alex on call');
    expect(acked).to.include('1 page(s), 0 open');
    expect(acked).not.to.include('OPEN 16');
  });
});
