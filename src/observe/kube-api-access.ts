/**
 * What the harness' Prometheus needs to reach a cluster's API server as one
 * kube context: the server URL and the context's credentials, written as
 * files (mode 0600, in a 0700 directory of the run) because Prometheus reads
 * credentials from files, never from its config. The values themselves are
 * never returned, logged or put into results: only the file paths are.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { UsageError } from '../errors.js';

export interface KubeApiAccess {
  /** `https://host:port` (path prefix kept when the server URL has one). */
  server: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** A file holding the bearer token (static token, or one an exec/auth plugin just produced). */
  tokenFile?: string;
  insecureSkipVerify: boolean;
}

export interface KubeContextRef {
  kubeconfigPath: string;
  context: string;
}

/** The context's client config: only the named context, never the kubeconfig's current one. */
export function loadContext(ref: KubeContextRef): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(ref.kubeconfigPath);
  } catch (err) {
    throw new UsageError(`${ref.kubeconfigPath}: not a readable kubeconfig (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!kc.getContextObject(ref.context)) throw new UsageError(`${ref.kubeconfigPath}: no context named "${ref.context}"`);
  kc.setCurrentContext(ref.context);
  return kc;
}

/**
 * Writes the context's credentials into `dir` (replacing what an earlier
 * attach left there) and says where they are.
 */
export async function writeKubeApiAccess(ref: KubeContextRef, dir: string): Promise<KubeApiAccess> {
  const kc = loadContext(ref);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UsageError(`${ref.kubeconfigPath}: context "${ref.context}" names no cluster`);
  // client-node resolves inline data, files and auth plugins into these options in one place.
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const access: KubeApiAccess = { server: cluster.server.replace(/\/+$/, ''), insecureSkipVerify: cluster.skipTLSVerify === true };
  const put = (name: string, data: unknown): string | undefined => {
    const text = pemText(data);
    if (text === null) return undefined;
    const file = join(dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
    return file;
  };
  access.caFile = put('ca.crt', opts.ca);
  access.certFile = put('client.crt', opts.cert);
  access.keyFile = put('client.key', opts.key);
  const auth = headerValue(opts.headers, 'authorization');
  if (auth !== undefined) {
    const bearer = /^Bearer\s+(.+)$/i.exec(auth);
    if (!bearer)
      throw new UsageError(`context "${ref.context}": only bearer-token and client-certificate credentials can be given to Prometheus`);
    access.tokenFile = put('token', bearer[1]!.trim());
  }
  if (!access.tokenFile && !access.certFile)
    throw new UsageError(`context "${ref.context}": no token or client certificate to reach the API server with`);
  return access;
}

function pemText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) {
    const parts = v.map(pemText).filter((x): x is string => x !== null);
    return parts.length > 0 ? parts.join('\n') : null;
  }
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'string') return v === '' ? null : v;
  return null;
}

function headerValue(headers: RequestOptions['headers'], name: string): string | undefined {
  if (!headers || Array.isArray(headers)) return undefined;
  for (const [k, v] of Object.entries(headers))
    if (k.toLowerCase() === name && v !== undefined) return Array.isArray(v) ? v.join(',') : String(v);
  return undefined;
}
