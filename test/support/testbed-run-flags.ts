/**
 * The flags of a `gameday run` against the testbed as an existing cluster: the guard's allow lists,
 * the test's own ingress, and only the rules the testbed can evaluate (no kwok pod serves metrics;
 * see test/fixtures/rules/testbed.rules.yaml).
 */
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root.js';

export function testbedRunFlags(o: {
  context: string;
  kubeconfigPath: string;
  namespaces: readonly string[];
  ingressUrl: string;
}): string[] {
  return [
    '--target',
    'cluster',
    '--context',
    o.context,
    '--kubeconfig',
    o.kubeconfigPath,
    '--allow-context',
    o.context,
    ...o.namespaces.flatMap((n) => ['--allow-namespace', n]),
    '--ingress-url',
    o.ingressUrl,
    '--no-baseline-rules',
    '--rules',
    join(projectRoot(), 'test', 'fixtures', 'rules', 'testbed.rules.yaml'),
  ];
}
