/**
 * The node-level operations the Kubernetes adapter performs on a kind
 * cluster, run with zx as argv arrays: evict an image from a node's cache,
 * and make the local registry unreachable, slow, or normal again. Each
 * resolves once Docker has done it, and throws with Docker's own words when
 * it could not.
 */
import { TargetError } from '../../../errors.js';
import type { RunCommand } from './command-runner.js';
import { evictImageArgv } from './node-images.js';
import { registryConnectArgv, registryDisconnectArgv, registryPauseArgv, registryUnpauseArgv } from './registry.js';

export type RegistryState = 'reachable' | 'unreachable' | 'slow';

export class KindNodeOps {
  constructor(private readonly run: RunCommand) {}

  private async exec(argv: readonly string[], operation: string, tolerate?: RegExp): Promise<void> {
    const r = await this.run(argv);
    if (r.exitCode === 0 || (tolerate && tolerate.test(r.stderr))) return;
    throw new TargetError(`${argv.join(' ')} exited ${r.exitCode}: ${r.stderr.trim() || r.stdout.trim()}`, operation);
  }

  /** Removes the image from the node's containerd cache; an image already gone is not an error. */
  evictImage(node: string, ref: string): Promise<void> {
    return this.exec(evictImageArgv(node, ref), 'evict-image', /not found/i);
  }

  /** Moves the registry to `to` from any state; repeating a state is not an error. */
  async setRegistry(to: RegistryState): Promise<void> {
    // Undo the other fault first, so exactly one is in force.
    if (to !== 'slow') await this.exec(registryUnpauseArgv(), 'registry', /is not paused/i);
    if (to !== 'unreachable') await this.exec(registryConnectArgv(), 'registry', /already exists/i);
    if (to === 'unreachable') await this.exec(registryDisconnectArgv(), 'registry', /is not connected/i);
    if (to === 'slow') await this.exec(registryPauseArgv(), 'registry', /already paused/i);
  }
}
