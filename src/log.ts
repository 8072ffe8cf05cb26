/**
 * One pino logger, created by the CLI and passed down. Events are
 * structured (`event: 'fault.inject'`, …). People get short lines on stderr;
 * machines get JSON lines with `--log-format json`. Anything that could hold
 * a kubeconfig secret is redacted before it is written.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type LogFormat = 'pretty' | 'json';

export interface LogOptions {
  format: LogFormat;
  level?: string;
  /** Where lines go; stderr by default so stdout stays data. */
  stream?: NodeJS.WritableStream;
}

/** Keys whose values never reach a log line: kubeconfig credentials and bearer tokens. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'kubeconfig',
  '*.kubeconfig',
  '*["client-key-data"]',
  '*["client-certificate-data"]',
  '*["certificate-authority-data"]',
  'headers.authorization',
  '*.headers.authorization',
];

export function createLogger(opts: LogOptions): Logger {
  const out = opts.stream ?? process.stderr;
  const destination = opts.format === 'json' ? out : prettyStream(out);
  return pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that drops everything: for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * The fields a person reads beside the sentence (which already says the rest);
 * every field stays in `--log-format json`.
 */
const HUMAN_FIELDS = [
  'scenario',
  'fault',
  'action',
  'target',
  'reason',
  'error',
  'err',
  'attempt',
  'signal',
  'prometheus',
  'alertmanager',
  'at',
  'ok',
];

/** Epoch ms as the clock time people read in the line's own prefix (UTC, with milliseconds). */
function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function humanValue(key: string, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  // Said only when something went wrong: "reverted X" is the news when it went right.
  if (key === 'ok') return v === false ? 'false' : null;
  if (key === 'at' && typeof v === 'number') return clockTime(v);
  // pino serialises an Error as {type, message, stack}: the message is what a person needs.
  if (typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') return (v as { message: string }).message;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Formats pino's JSON lines as `07:01:02 fault.inject  message key=value`. */
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          out.write(formatLine(JSON.parse(line) as Record<string, unknown>) + '\n');
        } catch {
          out.write(line + '\n');
        }
      }
      done();
    },
  });
}

/** One human line: time, level when it is a warning or worse, event, the sentence, and the few fields a person needs. */
export function formatLine(rec: Record<string, unknown>): string {
  const time = typeof rec.time === 'string' ? rec.time.slice(11, 19) : '';
  const level = typeof rec.level === 'number' && rec.level >= 40 ? ` ${LEVELS[rec.level]}` : '';
  const event = typeof rec.event === 'string' ? ` ${rec.event.padEnd(16)}` : '';
  const msg = typeof rec.msg === 'string' ? ` ${rec.msg}` : '';
  const extra = HUMAN_FIELDS.flatMap((k) => {
    const v = humanValue(k, rec[k]);
    return v === null ? [] : [`${k}=${v}`];
  }).join(' ');
  return `${time}${level}${event}${msg}${extra ? `  ${extra}` : ''}`;
}
