/**
 * The API clients of one named kube context. The context is always given by
 * name: the kubeconfig's current-context is never used, so a GameDay cannot
 * land on whatever cluster the shell last pointed at. Errors name the context
 * and the kubeconfig file, never a credential.
 */
import { AdmissionregistrationV1Api, AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { Agent, AgentOptions } from 'node:https';
import { UsageError } from '../../errors.js';

export interface KubeClientOptions {
  context: string;
  /** A kubeconfig file; default $KUBECONFIG (first of a path list) or ~/.kube/config, as kubectl reads it. */
  kubeconfigPath?: string;
}

export interface KubeClient {
  readonly context: string;
  /** The kubeconfig file(s) the context came from (a path: safe to log and to hand to istioctl). */
  readonly kubeconfigPath: string | undefined;
  readonly kc: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly custom: CustomObjectsApi;
  readonly admission: AdmissionregistrationV1Api;
  /** The API server URL (no credentials). */
  readonly server: string;
}

export function kubeClient(opts: KubeClientOptions): KubeClient {
  const kc = new KubeConfig();
  const file = opts.kubeconfigPath ?? process.env.KUBECONFIG?.split(':').find(Boolean);
  try {
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
  } catch (err) {
    throw new UsageError(
      `cannot read the kubeconfig ${file ?? '(default)'}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  if (!kc.getContextObject(opts.context)) {
    const known = kc.getContexts().map((c) => c.name);
    throw new UsageError(
      `context "${opts.context}" is not in the kubeconfig ${file ?? '(default)'}${known.length ? ` (it has: ${known.join(', ')})` : ''}`,
    );
  }
  kc.setCurrentContext(opts.context);
  reuseConnections(kc);
  timeOutRequests(kc);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UsageError(`context "${opts.context}" names no cluster in ${file ?? 'the kubeconfig'}`);
  return {
    context: opts.context,
    kubeconfigPath: file,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    admission: kc.makeApiClient(AdmissionregistrationV1Api),
    server: cluster.server,
  };
}

/**
 * client-node builds a new agent — a new TLS handshake — for every request; a churn storm sends tens
 * a second. One kept-alive agent per client instead (same cluster and credentials for its lifetime).
 * `createAgent` is private in the typings, hence the cast.
 */
function reuseConnections(kc: KubeConfig): void {
  const k = kc as unknown as { createAgent: (cluster: unknown, options: AgentOptions) => Agent };
  const create = k.createAgent.bind(kc);
  let agent: Agent | undefined;
  k.createAgent = (cluster, options) => (agent ??= create(cluster, { ...options, keepAlive: true }));
}

/**
 * A request the API server never answers (a stalled connection, a partition) would wait forever:
 * client-node sets no timeout on API calls. After REQUEST_TIMEOUT_MS it is aborted and, for a
 * mutation, tried again (api-retry.ts). Watches are not API calls here (Watch sets its own signal).
 */
export const REQUEST_TIMEOUT_MS = 5000;

function timeOutRequests(kc: KubeConfig): void {
  const apply = kc.applySecurityAuthentication.bind(kc);
  kc.applySecurityAuthentication = async (context) => {
    await apply(context);
    if (!context.getSignal()) context.setSignal(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
  };
}

/**
 * The field manager the harness writes as. The API server records it in each object's
 * managedFields, which is how the change informers tell the harness's own writes from a
 * trainee's `kubectl` (https://kubernetes.io/docs/reference/using-api/server-side-apply/#managers).
 */
export const FIELD_MANAGER = 'istio-gameday';

/** HTTP status of a client-node ApiException (0 when the error is not one). */
export function statusOf(err: unknown): number {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'number')
    return (err as { code: number }).code;
  return 0;
}

/** Runs a read, returning null on 404. */
export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

/** One line about an API error: status and the server's message, never the request (it carries the token). */
export function apiErrorText(err: unknown): string {
  const code = statusOf(err);
  if (code && err && typeof err === 'object' && 'body' in err) {
    const body = (err as { body: unknown }).body;
    let message = '';
    try {
      const parsed = typeof body === 'string' ? (JSON.parse(body) as { message?: string }) : (body as { message?: string });
      message = parsed?.message ?? '';
    } catch {
      message = typeof body === 'string' ? body.slice(0, 200) : '';
    }
    return `HTTP ${code}${message ? `: ${message}` : ''}`;
  }
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}
