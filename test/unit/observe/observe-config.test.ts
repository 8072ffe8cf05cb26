import { expect } from 'chai';
import { parse } from 'yaml';
import { alertmanagerConfig, renderAlertmanagerConfig } from '../../../src/observe/alertmanager-config.js';
import { HTTP_SD_JOB, prometheusConfig, promDuration, renderPrometheusConfig } from '../../../src/observe/prometheus-config.js';

describe('Prometheus config generation', () => {
  const base = { ruleFiles: ['rules/istio-baseline.rules.yaml'], scrapeIntervalMs: 1000, evaluationIntervalMs: 1000 };

  it('discovers the simulator through HTTP SD, at 1 s, with rules and the run’s Alertmanager', () => {
    const c = prometheusConfig({ ...base, scrape: { kind: 'http-sd', url: 'http://127.0.0.1:7000/sd' }, alertmanager: '127.0.0.1:9093' });
    expect(c.global).to.deep.equal({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
    expect(c.rule_files[0]).to.match(/^\/.*\/rules\/istio-baseline\.rules\.yaml$/);
    expect(c.scrape_configs).to.deep.equal([
      { job_name: HTTP_SD_JOB, honor_labels: true, http_sd_configs: [{ url: 'http://127.0.0.1:7000/sd', refresh_interval: '1s' }] },
    ]);
    expect(c.alerting?.alertmanagers[0]?.static_configs).to.deep.equal([{ targets: ['127.0.0.1:9093'] }]);
  });

  it('reads an HTTP SD source’s slow jobs under their own configs, at their own interval, and drops them from the main one', () => {
    const c = prometheusConfig({
      ...base,
      scrape: {
        kind: 'http-sd',
        url: 'http://127.0.0.1:7000/sd',
        slowJobs: [
          { job: 'kube-state-metrics', url: 'http://127.0.0.1:7000/sd/kube-state-metrics', intervalMs: 4000 },
          { job: 'cad.visor', url: 'http://127.0.0.1:7000/sd/cad.visor', intervalMs: 20_000 },
        ],
      },
    });
    expect(c.scrape_configs).to.deep.equal([
      {
        job_name: HTTP_SD_JOB,
        honor_labels: true,
        http_sd_configs: [{ url: 'http://127.0.0.1:7000/sd', refresh_interval: '1s' }],
        relabel_configs: [{ source_labels: ['job'], regex: 'kube-state-metrics|cad\\.visor', action: 'drop' }],
      },
      {
        job_name: 'gameday-sd-kube-state-metrics',
        honor_labels: true,
        scrape_interval: '4s',
        scrape_timeout: '4s',
        http_sd_configs: [{ url: 'http://127.0.0.1:7000/sd/kube-state-metrics', refresh_interval: '1s' }],
      },
      {
        job_name: 'gameday-sd-cad.visor',
        honor_labels: true,
        scrape_interval: '20s',
        scrape_timeout: '10s',
        http_sd_configs: [{ url: 'http://127.0.0.1:7000/sd/cad.visor', refresh_interval: '1s' }],
      },
    ]);
  });

  it('writes one static job per ScrapeSource job, keeps the scrape timeout within the interval', () => {
    const c = prometheusConfig({
      ...base,
      scrapeIntervalMs: 15_000,
      evaluationIntervalMs: 15_000,
      scrape: {
        kind: 'static',
        jobs: [
          { job: 'istiod', targets: ['127.0.0.1:15014'] },
          { job: 'kube-state-metrics', targets: ['127.0.0.1:8080'], metricsPath: '/metrics' },
        ],
      },
    });
    expect(c.global.scrape_timeout).to.equal('10s');
    expect(c.scrape_configs.map((j) => [j.job_name, j.static_configs?.[0]?.targets, j.metrics_path])).to.deep.equal([
      ['istiod', ['127.0.0.1:15014'], undefined],
      ['kube-state-metrics', ['127.0.0.1:8080'], '/metrics'],
    ]);
    expect(c.alerting).to.equal(undefined);
  });

  it('renders YAML that reads back as the same config', () => {
    const input = { ...base, scrape: { kind: 'http-sd' as const, url: 'http://127.0.0.1:1/sd' } };
    expect(parse(renderPrometheusConfig(input))).to.deep.equal(prometheusConfig(input));
  });

  it('formats durations the way Prometheus parses them', () => {
    expect([promDuration(1000), promDuration(1500), promDuration(250), promDuration(0)]).to.deep.equal(['1s', '1500ms', '250ms', '1ms']);
  });
});

describe('Alertmanager config generation', () => {
  it('routes every alert, one group each, to the webhook at once, resolutions included', () => {
    const c = alertmanagerConfig({ webhookUrl: 'http://127.0.0.1:5000/alertmanager' });
    expect(c).to.deep.equal({
      route: { receiver: 'gameday-webhook', group_by: ['...'], group_wait: '0s', group_interval: '1s', repeat_interval: '1h' },
      receivers: [{ name: 'gameday-webhook', webhook_configs: [{ url: 'http://127.0.0.1:5000/alertmanager', send_resolved: true }] }],
    });
    expect(parse(renderAlertmanagerConfig({ webhookUrl: 'http://x/y', groupIntervalMs: 2000 })).route.group_interval).to.equal('2s');
  });
});
