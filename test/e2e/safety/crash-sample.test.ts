/**
 * A sample of the crash matrix in the ordinary suite: one SIGKILL per mission
 * fault and target. The full matrix (at least five per fault) is
 * `npm run test:crash` (test/crash/).
 */
import { crashSuite } from './crash/crash-suite.js';

crashSuite('e2e: crash sample — SIGKILL between injection and revert, then rollback', { trials: 1, preferRun: false });
