import { expect } from 'chai';
import { parseWebhookPayload } from '../../../src/observe/webhook-payload.js';

// Shape of an Alertmanager 0.25 webhook notification (one firing, one resolved alert).
const BODY = {
  receiver: 'gameday-webhook',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'IstiodOOMKilled', namespace: 'istio-system', pod: 'istiod-1', severity: 'critical' },
      annotations: { summary: 'istiod was OOM-killed' },
      startsAt: '2026-11-24T07:00:01.25Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph',
      fingerprint: 'a1b2',
    },
    {
      status: 'resolved',
      labels: { alertname: 'MeshHigh5xxRatio', destination_service_namespace: 'shop' },
      annotations: {},
      startsAt: '2026-11-24T06:59:00.25Z',
      endsAt: '2026-11-24T07:00:00.25Z',
      fingerprint: 'c3d4',
    },
  ],
  groupLabels: { alertname: 'IstiodOOMKilled' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://127.0.0.1:9093',
  version: '4',
  groupKey: '{}:{}',
  truncatedAlerts: 0,
};

describe('Alertmanager webhook payload', () => {
  it('parses a v4 notification with firing and resolved alerts', () => {
    const r = parseWebhookPayload(JSON.stringify(BODY));
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const [firing, resolved] = r.payload.alerts;
    expect(firing).to.deep.include({ status: 'firing', startsAt: Date.parse('2026-11-24T07:00:01.25Z'), endsAt: null, fingerprint: 'a1b2' });
    expect(firing!.labels.alertname).to.equal('IstiodOOMKilled');
    expect(resolved).to.deep.include({ status: 'resolved', endsAt: Date.parse('2026-11-24T07:00:00.25Z') });
    expect(r.payload.groupLabels).to.deep.equal({ alertname: 'IstiodOOMKilled' });
  });

  it('refuses what is not a v4 notification, saying why', () => {
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[]', /not an object/],
      [JSON.stringify({ ...BODY, version: '3' }), /version "3"/],
      [JSON.stringify({ ...BODY, status: 'ok' }), /status/],
      [JSON.stringify({ ...BODY, alerts: {} }), /alerts must be an array/],
      [JSON.stringify({ ...BODY, alerts: [{ ...BODY.alerts[0], labels: {} }] }), /alerts\[0\]: labels.alertname/],
      [JSON.stringify({ ...BODY, alerts: [{ ...BODY.alerts[0], startsAt: 'soon' }] }), /alerts\[0\]: startsAt/],
    ];
    for (const [body, why] of cases) {
      const r = parseWebhookPayload(body);
      expect(r.ok, body).to.equal(false);
      if (!r.ok) expect(r.error).to.match(why);
    }
  });
});
