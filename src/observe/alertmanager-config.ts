/**
 * The per-run Alertmanager configuration: every alert to the harness's
 * webhook, at once. Defaults (group_wait 30 s, group_interval 5 m) would
 * delay the fast trigger by minutes; one group per alert (`...`) keeps one
 * alert's notification from waiting on another's.
 */
import { stringify } from 'yaml';
import { promDuration } from './prometheus-config.js';

export interface AlertmanagerConfigInput {
  webhookUrl: string;
  /** Default 1 s: how soon a changed group (e.g. a resolution) is notified again. */
  groupIntervalMs?: number;
}

export const RECEIVER = 'gameday-webhook';

export function alertmanagerConfig(input: AlertmanagerConfigInput): Record<string, unknown> {
  return {
    route: {
      receiver: RECEIVER,
      group_by: ['...'],
      group_wait: '0s',
      group_interval: promDuration(input.groupIntervalMs ?? 1000),
      repeat_interval: '1h',
    },
    receivers: [{ name: RECEIVER, webhook_configs: [{ url: input.webhookUrl, send_resolved: true }] }],
  };
}

export function renderAlertmanagerConfig(input: AlertmanagerConfigInput): string {
  return `# Written by istio-gameday for one run.\n${stringify(alertmanagerConfig(input))}`;
}
