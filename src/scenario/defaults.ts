/**
 * Defaults for omitted optional fields that more than one step needs (the
 * normaliser fills them, the rules reason with them). Each is also named in
 * its field's schema description, which is what authors see.
 */
export const DEFAULT_RECOVERY_DEADLINE_MS = 15 * 60_000;
export const DEFAULT_MAX_RUN_TIME_MS = 60 * 60_000;
export const DEFAULT_ABORT_WINDOW_MS = 30_000;
/** A request without a reply by then failed (the user gave up), whichever engine sent it. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_POD_CHURN_MIX = { delete: 6, restart: 3, scale: 1 } as const;

/** Long enough for the window to hold twice over, and never under 5 minutes (a mesh can take that long to settle). */
export const defaultSteadyTimeoutMs = (windowMs: number): number => Math.max(5 * 60_000, 2 * windowMs);

/** k6 pre-allocated VUs: enough for ~200 ms per request at the arrival rate, never fewer than 10. */
export const defaultVus = (rate: number): number => Math.max(10, Math.ceil(rate / 5));
