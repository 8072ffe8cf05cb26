/**
 * Evicting an image from a kind node's containerd cache, as argv for zx.
 * `ctr -n k8s.io images rm`, not `crictl rmi`: crictl fails to remove images
 * that were imported with `kind load` (kubernetes-sigs/kind issue 3369), and
 * ctr removes both pulled and loaded ones. After eviction an `IfNotPresent`
 * pod pulls the image again, through the registry (registry.ts).
 */
export function evictImageArgv(node: string, ref: string): string[] {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(ref)) throw new Error(`not an image reference: ${JSON.stringify(ref)}`);
  return ['docker', 'exec', node, 'ctr', '-n', 'k8s.io', 'images', 'rm', fullyQualified(ref)];
}

/** Images in the node's cache, one reference a line (`ctr … ls -q`). */
export function listImagesArgv(node: string): string[] {
  return ['docker', 'exec', node, 'ctr', '-n', 'k8s.io', 'images', 'ls', '-q'];
}

/**
 * containerd stores Docker Hub images under their full name
 * (`docker.io/library/busybox:1.36`), and `ctr images rm` matches names exactly.
 */
export function fullyQualified(ref: string): string {
  const first = ref.split('/')[0]!;
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}
