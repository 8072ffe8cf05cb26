/** Rules about one fault's params that the schema cannot express. */
import { formatPath, type PathSegment } from './issue.js';
import { at, list, ms } from './raw.js';

type Report = (path: PathSegment[], message: string) => void;

export function faultRules(fault: Record<string, unknown>, path: PathSegment[], error: Report, warn: Report): void {
  const params: PathSegment[] = [...path, 'params'];
  const p = (...rest: PathSegment[]) => at(fault, ['params', ...rest]);
  switch (fault.type) {
    case 'istiod-oom':
      if (p('memoryLimit') !== undefined && p('belowWorkingSet') !== undefined)
        warn([...params, 'belowWorkingSet'], 'belowWorkingSet is ignored when memoryLimit is given');
      if (p('belowWorkingSet') === 0 || p('belowWorkingSet') === '0%')
        error([...params, 'belowWorkingSet'], 'belowWorkingSet must be more than 0');
      break;
    case 'pod-churn': {
      const mix = p('mix');
      if (mix && typeof mix === 'object' && ['delete', 'restart', 'scale'].every((k) => !(Number(at(mix, [k])) > 0)))
        error([...params, 'mix'], `${formatPath([...params, 'mix'])} gives no kind of event a weight above 0`);
      break;
    }
    case 'sidecar-starvation':
      if (p('cpuLimit') === undefined && p('memoryLimit') === undefined && p() && typeof p() === 'object')
        error(params, `${formatPath(params)} needs cpuLimit, memoryLimit or both: without them nothing is starved`);
      break;
    case 'image-cache-evict': {
      const registry = p('registry') ?? 'unreachable';
      if (p('pullDelay') !== undefined && registry !== 'slow')
        warn([...params, 'pullDelay'], `pullDelay only matters when registry is "slow" (here "${String(registry)}")`);
      if (p('registryOutage') !== undefined && registry === 'reachable')
        warn([...params, 'registryOutage'], 'registryOutage has no effect while registry is "reachable"');
      break;
    }
    case 'istiod-outage':
      if (ms(fault, ['params', 'certTtl']) === 0) error([...params, 'certTtl'], 'certTtl must be more than 0');
      break;
    case 'canary-upgrade': {
      if (p('fromRevision') !== undefined && p('fromRevision') === p('toRevision'))
        error([...params, 'toRevision'], 'toRevision is the same as fromRevision: a canary needs a second revision');
      let previous = -1;
      list(fault, ['params', 'stages']).forEach((_stage, i) => {
        const after = ms(fault, ['params', 'stages', i, 'after']);
        if (after !== undefined && after < previous) warn([...params, 'stages', i, 'after'], 'stages are not in order of their "after"');
        if (after !== undefined) previous = after;
      });
      break;
    }
    default:
      break;
  }
}
