import { expect } from 'chai';
import type { PromTarget } from '../../../src/observe/prometheus-api.js';
import { renderPrometheusConfig } from '../../../src/observe/prometheus-config.js';
import { scrapeReadiness } from '../../../src/observe/scrape-readiness.js';
import type { ScrapeSource } from '../../../src/targets/port.js';

const SINCE = Date.parse('2026-01-01T00:00:10Z');
const KUBE: ScrapeSource = { kind: 'kubernetes', kubeconfigPath: '/k/config', context: 'kind-gameday' };
const SIM: ScrapeSource = { kind: 'http-sd', url: 'http://127.0.0.1:7001/sd' };
const access = { server: 'https://127.0.0.1:6443', tokenFile: '/run/kube-credentials/token', insecureSkipVerify: false };
const configFor = (scrape: ScrapeSource): string =>
  renderPrometheusConfig({
    scrape,
    ruleFiles: [],
    scrapeIntervalMs: 1000,
    evaluationIntervalMs: 1000,
    ...(scrape.kind === 'kubernetes' ? { kube: { access, observer: 'http://127.0.0.1:7100' } } : {}),
  });

function target(pool: string, lastScrape: string, lastError = ''): PromTarget {
  return {
    discoveredLabels: { __address__: '127.0.0.1:6443', __meta_url: `http://127.0.0.1:7100/sd/${pool}` },
    labels: { job: pool },
    scrapePool: pool,
    scrapeUrl: `https://127.0.0.1:6443/api/v1/x/${pool}`,
    lastError,
    lastScrape,
    health: lastError ? 'down' : 'up',
  };
}

describe('scrapeReadiness for a cluster source', () => {
  const fresh = '2026-01-01T00:00:11Z';
  const stale = '2026-01-01T00:00:09Z';

  it('is ready once the cluster jobs are loaded and every target was scraped since, a failed scrape included', () => {
    expect(
      scrapeReadiness(
        KUBE,
        configFor(KUBE),
        [target('istiod', fresh), target('cadvisor', fresh, 'HTTP 500'), target('gameday-exporter', fresh)],
        SINCE,
      ),
    ).to.equal(null);
  });

  it('waits while the simulator’s config is still loaded, while a previous source’s targets are active, and for unscraped targets', () => {
    expect(scrapeReadiness(KUBE, configFor(SIM), [target('istiod', fresh)], SINCE)).to.match(/not the cluster's/);
    expect(scrapeReadiness(KUBE, configFor(KUBE), [target('istiod', fresh), target('gameday-sd', fresh)], SINCE)).to.match(
      /previous targets still active/,
    );
    expect(scrapeReadiness(KUBE, configFor(KUBE), [target('istiod', stale)], SINCE)).to.match(/not scraped since/);
    expect(scrapeReadiness(KUBE, configFor(KUBE), [], SINCE)).to.match(/no target discovered from context kind-gameday/);
  });
});
