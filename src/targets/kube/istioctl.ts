/**
 * istioctl, run with zx and an argument array (each element passed as one
 * argument, never re-split by a shell), always with the run's own
 * `--kubeconfig` and `--context` so it acts on the cluster the guard allowed.
 * Revision install/uninstall and tag moves go through it, as the Istio docs
 * do them (https://istio.io/latest/docs/setup/upgrade/canary/).
 */
import { $ } from 'zx';
import { TargetError, ToolMissingError } from '../../errors.js';

export interface IstioctlOptions {
  /** The istioctl binary (default: $GAMEDAY_ISTIOCTL, else `istioctl` on PATH). */
  binary?: string;
  context: string;
  kubeconfigPath?: string;
  timeoutMs?: number;
}

export class Istioctl {
  readonly binary: string;

  constructor(private readonly opts: IstioctlOptions) {
    this.binary = opts.binary ?? process.env.GAMEDAY_ISTIOCTL ?? 'istioctl';
  }

  /** The arguments a call gets: `args`, then the cluster it must act on. */
  argv(args: readonly string[]): string[] {
    return [...args, ...(this.opts.kubeconfigPath ? ['--kubeconfig', this.opts.kubeconfigPath] : []), '--context', this.opts.context];
  }

  async run(args: readonly string[]): Promise<string> {
    const argv = this.argv(args);
    const out = await $({ quiet: true, nothrow: true, timeout: this.opts.timeoutMs ?? 300_000 })`${this.binary} ${argv}`;
    if (out.exitCode === null || out.exitCode === 127 || /ENOENT/.test(out.stderr)) {
      if (out.exitCode === 127 || /ENOENT|not found/.test(out.stderr))
        throw new ToolMissingError(
          'istioctl',
          'install the istioctl of the control plane version (https://istio.io/latest/docs/setup/getting-started/#download), or set GAMEDAY_ISTIOCTL',
        );
    }
    if (out.exitCode !== 0) {
      const tail = out.stderr.trim().split('\n').slice(-3).join(' | ');
      throw new TargetError(`istioctl ${args.slice(0, 2).join(' ')} failed (exit ${out.exitCode}): ${tail}`, `istioctl ${args[0]}`);
    }
    return out.stdout;
  }
}
