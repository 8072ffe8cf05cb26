import { expect } from 'chai';
import type { PromTarget } from '../../../src/observe/prometheus-api.js';
import { renderPrometheusConfig } from '../../../src/observe/prometheus-config.js';
import { scrapeReadiness } from '../../../src/observe/scrape-readiness.js';
import type { ScrapeSource } from '../../../src/targets/port.js';

const SINCE = Date.parse('2026-01-01T00:00:10Z');
const A: ScrapeSource = { kind: 'http-sd', url: 'http://127.0.0.1:7001/sd' };
const B: ScrapeSource = { kind: 'http-sd', url: 'http://127.0.0.1:7002/sd' };
const STATIC: ScrapeSource = { kind: 'static', jobs: [{ job: 'istiod', targets: ['127.0.0.1:15014', '127.0.0.1:15015'] }] };

// What Prometheus prints back is its own YAML with defaults filled in; ours parses the same way.
const configFor = (scrape: ScrapeSource): string => renderPrometheusConfig({ scrape, ruleFiles: [], scrapeIntervalMs: 1000, evaluationIntervalMs: 1000 });

function sdTarget(sdUrl: string, address: string, lastScrape: string): PromTarget {
  return {
    discoveredLabels: { __address__: address, __meta_url: sdUrl, job: 'istiod' },
    labels: { instance: address, job: 'istiod' },
    scrapePool: 'gameday-sd',
    scrapeUrl: `http://${address}/metrics`,
    lastError: '',
    lastScrape,
    health: 'up',
  };
}

function staticTarget(job: string, address: string, lastScrape: string): PromTarget {
  return { ...sdTarget('', address, lastScrape), discoveredLabels: { __address__: address, job }, scrapePool: job };
}

describe('scrapeReadiness (is Prometheus scraping the new source yet?)', () => {
  const fresh = '2026-01-01T00:00:11.123456789Z';

  it('is ready when the config names the source and its targets were scraped since the reload', () => {
    expect(scrapeReadiness(B, configFor(B), [sdTarget(B.url, '127.0.0.1:7002', fresh)], SINCE)).to.equal(null);
  });

  it('waits while the running config still discovers from the previous source', () => {
    expect(scrapeReadiness(B, configFor(A), [sdTarget(B.url, '127.0.0.1:7002', fresh)], SINCE)).to.match(/discovers from http:\/\/127\.0\.0\.1:7001\/sd/);
  });

  it('waits while the previous source’s targets are still active', () => {
    const targets = [sdTarget(A.url, '127.0.0.1:7001', fresh), sdTarget(B.url, '127.0.0.1:7002', fresh)];
    expect(scrapeReadiness(B, configFor(B), targets, SINCE)).to.match(/previous targets still active: gameday-sd\/http:\/\/127\.0\.0\.1:7001/);
  });

  it('waits while nothing is discovered, and while a target was not scraped since the reload', () => {
    expect(scrapeReadiness(B, configFor(B), [], SINCE)).to.match(/no target discovered/);
    expect(scrapeReadiness(B, configFor(B), [sdTarget(B.url, '127.0.0.1:7002', '0001-01-01T00:00:00Z')], SINCE)).to.match(/not scraped since/);
    expect(scrapeReadiness(B, configFor(B), [sdTarget(B.url, '127.0.0.1:7002', '2026-01-01T00:00:09.999Z')], SINCE)).to.match(/not scraped since/);
  });

  it('counts a slow job’s targets, under its own config, as the source’s', () => {
    const slow: ScrapeSource = { ...B, slowJobs: [{ job: 'cadvisor', url: `${B.url}/cadvisor`, intervalMs: 4000 }] };
    const cadvisor = { ...sdTarget(`${B.url}/cadvisor`, '127.0.0.1:7002', fresh), scrapePool: 'gameday-sd-cadvisor' };
    const targets = [sdTarget(B.url, '127.0.0.1:7002', fresh), cadvisor];
    expect(scrapeReadiness(slow, configFor(slow), targets, SINCE)).to.equal(null);
    expect(scrapeReadiness(slow, configFor(B), targets, SINCE)).to.match(/running config has jobs \[gameday-sd\], not \[gameday-sd, gameday-sd-cadvisor\]/);
    expect(scrapeReadiness(slow, configFor(slow), [targets[0]!, { ...cadvisor, lastScrape: '0001-01-01T00:00:00Z' }], SINCE)).to.match(/not scraped since/);
  });

  it('static sources: every listed target must be active and scraped, and no other job loaded', () => {
    const both = [staticTarget('istiod', '127.0.0.1:15014', fresh), staticTarget('istiod', '127.0.0.1:15015', fresh)];
    expect(scrapeReadiness(STATIC, configFor(STATIC), both, SINCE)).to.equal(null);
    expect(scrapeReadiness(STATIC, configFor(STATIC), both.slice(0, 1), SINCE)).to.match(/static targets not active yet: istiod\/127\.0\.0\.1:15015/);
    expect(scrapeReadiness(STATIC, configFor(B), both, SINCE)).to.match(/running config has jobs \[gameday-sd\], not \[istiod\]/);
  });
});
