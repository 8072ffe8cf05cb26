/**
 * A kubeconfig holding every kind of secret a real one does: the testbed's
 * bearer token and, for the same user, a client certificate and its private
 * key (inline, base64, as `kind` and cloud CLIs write them). The testbed's
 * API server has no --client-ca-file, so it never asks for the certificate
 * and the token still authenticates; the client still reads the key, which is
 * what the secrets tests need: the harness holds it, and must never write it.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import type { Testbed } from './testbed.js';

export interface SecretKubeconfig {
  path: string;
  /** Strings that must appear nowhere the harness writes: the token, the key's base64 and the lines of its PEM body. */
  secrets: string[];
}

export async function kubeconfigWithClientKey(tb: Testbed, dir: string): Promise<SecretKubeconfig> {
  const key = join(dir, 'client.key');
  const cert = join(dir, 'client.crt');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    '/CN=gameday-admin',
    '-days',
    '1',
  ]);
  const keyPem = readFileSync(key, 'utf8');
  const keyData = Buffer.from(keyPem).toString('base64');
  const config = parse(readFileSync(tb.kubeconfigPath, 'utf8')) as { users: { user: Record<string, string> }[] };
  for (const u of config.users) {
    u.user['client-certificate-data'] = Buffer.from(readFileSync(cert)).toString('base64');
    u.user['client-key-data'] = keyData;
  }
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, stringify(config), { mode: 0o600 });
  const pemLines = keyPem.split('\n').filter((l) => l.length >= 20 && !l.startsWith('-----'));
  return { path, secrets: [tb.token, keyData, ...pemLines] };
}
