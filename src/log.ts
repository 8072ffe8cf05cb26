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
const SKIP = new Set(['level', 'time', 'msg', 'event', 'pid', 'hostname']);

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

export function formatLine(rec: Record<string, unknown>): string {
  const time = typeof rec.time === 'string' ? rec.time.slice(11, 19) : '';
  const level = typeof rec.level === 'number' && rec.level >= 40 ? ` ${LEVELS[rec.level]}` : '';
  const event = typeof rec.event === 'string' ? ` ${rec.event.padEnd(16)}` : '';
  const msg = typeof rec.msg === 'string' ? ` ${rec.msg}` : '';
  const extra = Object.entries(rec)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time}${level}${event}${msg}${extra ? `  ${extra}` : ''}`;
}
