/**
 * The sealed choice: what was drawn, written to `sealed.json` in the
 * session directory when the session starts. The trainee's commands never
 * print it; `gameday train reveal` does (the instructor's view), and the
 * debrief scores against it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingTruth } from '../measure/training-events.js';
import type { FaultSpec, Scenario } from '../scenario/types.js';
import type { InjectWindow } from './draw.js';

export const SEALED_FILE = 'sealed.json';

export interface Sealed {
  version: 1;
  scenario: { name: string; file: string; description?: string };
  seed: number;
  pool: string[];
  window: InjectWindow;
  /** Wall ms after steady state at which the fault goes in. */
  offsetMs: number;
  faults: { name: string; type: string; components: string[] }[];
}

/** What counts as naming the right component: the namespaces, workloads and revisions the fault touches. */
export function componentsOf(f: FaultSpec): string[] {
  const p = f.params as unknown as Record<string, unknown>;
  const out = new Set<string>();
  for (const k of ['namespace', 'name', 'revision', 'toRevision', 'fromRevision', 'image'])
    if (typeof p[k] === 'string') out.add(p[k] as string);
  for (const k of ['namespaces', 'canaryNamespaces'])
    if (Array.isArray(p[k])) for (const n of p[k] as unknown[]) if (typeof n === 'string') out.add(n);
  // Control-plane faults are about istiod, whatever revision they name.
  if (/istiod|upgrade|image-cache/.test(f.type)) out.add('istiod').add('istio-system');
  return [...out];
}

export function sealChoice(s: Scenario, seed: number, pool: readonly Scenario[], window: InjectWindow, offsetMs: number): Sealed {
  return {
    version: 1,
    scenario: { name: s.metadata.name, file: s.file, ...(s.metadata.description ? { description: s.metadata.description } : {}) },
    seed,
    pool: pool.map((p) => p.metadata.name),
    window,
    offsetMs,
    faults: s.spec.faults.map((f) => ({ name: f.name, type: f.type, components: componentsOf(f) })),
  };
}

/** The score judges the first fault: the one that goes in at the drawn instant. */
export function truthOf(s: Sealed): TrainingTruth {
  const f = s.faults[0]!;
  return { faultType: f.type, components: f.components };
}

export function writeSealed(dir: string, s: Sealed): void {
  writeFileSync(join(dir, SEALED_FILE), `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
}

export function readSealed(dir: string): Sealed {
  return JSON.parse(readFileSync(join(dir, SEALED_FILE), 'utf8')) as Sealed;
}
