/**
 * Where load goes on a cluster: the `istio-ingressgateway` Service's
 * load-balancer address (as `kubectl get svc` shows it), port 80. A cluster
 * without one (a NodePort-only setup, a private gateway) needs
 * `--ingress-url`; the refusal says so.
 */
import { UsageError } from '../../errors.js';
import { type KubeClient, orNull } from './kube-client.js';
import { ISTIO_NAMESPACE } from './mesh-reads.js';

export const GATEWAY_SERVICE = 'istio-ingressgateway';

export async function ingressUrlOf(client: KubeClient): Promise<string> {
  const svc = await orNull(client.core.readNamespacedService({ namespace: ISTIO_NAMESPACE, name: GATEWAY_SERVICE }));
  const lb = svc?.status?.loadBalancer?.ingress?.[0];
  const host = lb?.ip ?? lb?.hostname;
  if (!host) {
    throw new UsageError(
      `context ${client.context}: service ${ISTIO_NAMESPACE}/${GATEWAY_SERVICE} has no load-balancer address to send load to; give --ingress-url http://<gateway address>`,
    );
  }
  const port = svc?.spec?.ports?.find((p) => p.name === 'http2' || p.port === 80)?.port ?? 80;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
