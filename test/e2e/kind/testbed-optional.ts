/**
 * The project's real control plane for tests (test/support/testbed.ts), when
 * this checkout has it: these tests need it and say so plainly when it is
 * absent, rather than pass without having run.
 */
import { existsSync } from 'node:fs';

export interface TestbedHandle {
  kubeconfigPath: string;
  context: string;
  apiServerUrl: string;
  istioctl: string;
  stop(): Promise<void>;
}

export interface TestbedStartOptions {
  istio?: { revision: string; tags?: string[] };
}

const MODULE = new URL('../../support/testbed.ts', import.meta.url);

/** The testbed starter, or null with the reason printed. */
export async function testbedStarter(): Promise<((opts?: TestbedStartOptions) => Promise<TestbedHandle>) | null> {
  if (!existsSync(MODULE)) {
    console.log(
      `      (skipped: ${MODULE.pathname} is not in this checkout; these tests run against the project's control plane once it is)`,
    );
    return null;
  }
  // A computed specifier: this file must compile whether or not the module is there.
  const specifier = MODULE.href;
  const mod = (await import(specifier)) as { startTestbed: (opts?: TestbedStartOptions) => Promise<TestbedHandle> };
  return mod.startTestbed;
}
