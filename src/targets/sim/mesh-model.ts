/**
 * The part of SimModel the simulator's faces use. Everything outside the
 * model codes against this, so the faces can be tested with a small fake and
 * a model change shows up here, in one place.
 */
import type { SimModel } from './model/sim-model.js';

export type MeshModel = Pick<
  SimModel,
  | 'now'
  | 'advance'
  | 'apply'
  | 'inverse'
  | 'snapshot'
  | 'onEvent'
  | 'handleRequest'
  | 'istiodMemory'
  | 'pilot'
  | 'pods'
  | 'deployments'
  | 'proxyStatusCounts'
  | 'workloadCerts'
  | 'ingressRoutes'
> &
  // Optional so a small fake model need not implement them: only before/after comparisons read the first,
  // and the metrics face reads every pod when a model cannot say which changed.
  Partial<Pick<SimModel, 'comparableState' | 'podVersions' | 'podsByKey' | 'containerUsage'>>;
