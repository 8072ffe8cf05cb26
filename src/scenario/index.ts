/** The scenario module's public surface. */
export { checkScenario, checkScenarioText, loadScenario, type CheckResult, type LoadOptions } from './loader.js';
export { loadScenarioDir, scenarioFileNames } from './load-dir.js';
export { findProjectRoot } from '../project-root.js';
export { formatDuration, parseDuration } from './durations.js';
export { parseCpuMilli, parseMemory } from './quantities.js';
export { parseRatio } from './ratios.js';
export type * from './types.js';
export { SCENARIO_API_VERSION } from './types.js';
