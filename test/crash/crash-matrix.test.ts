/**
 * The crash matrix: for every target and mission fault, GAMEDAY_CRASH_TRIALS
 * (default 5) SIGKILLs at seeded random instants between injection and
 * revert, with rollback itself killed in about half of them and run again.
 * `npm run test:crash`; CI runs it after `npm test`.
 */
import { crashSuite } from '../e2e/safety/crash/crash-suite.js';

crashSuite('crash matrix — SIGKILL between injection and revert, then rollback', {
  trials: Math.max(5, Number(process.env.GAMEDAY_CRASH_TRIALS ?? 5)),
  preferRun: true,
});
