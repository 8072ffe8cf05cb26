/** What the trainee's commands use to reach a live session's control endpoint. */
import { ComponentError, UsageError } from '../errors.js';
import { readSession } from './session-files.js';

export class SessionClient {
  constructor(readonly url: string) {}

  static of(dir: string): SessionClient {
    const s = readSession(dir);
    if (!s.control || s.state === 'ended' || s.state === 'failed')
      throw new UsageError(`${dir}: the session is not live (state ${s.state})`);
    return new SessionClient(s.control);
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new ComponentError('training session', `${this.url} did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = (await res.json().catch(() => ({}))) as T & { error?: string };
    // 400: malformed; 409: the target refused the operation — both are the trainee's input, not a harness failure.
    if (res.status === 400 || res.status === 409) throw new UsageError(parsed.error ?? `${path}: refused`);
    if (!res.ok) throw new ComponentError('training session', parsed.error ?? `${path}: HTTP ${res.status}`);
    return parsed;
  }
}
