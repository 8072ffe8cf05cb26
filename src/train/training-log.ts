/** The trainee's record, `training.jsonl`: appended as it happens, so a crash loses nothing already done. */
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonLines } from '../json-lines.js';
import type { TrainingEvent } from '../measure/training-events.js';

export const TRAINING_LOG_FILE = 'training.jsonl';

export class TrainingLog {
  readonly events: TrainingEvent[] = [];
  private readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, TRAINING_LOG_FILE);
  }

  add(e: TrainingEvent): void {
    this.events.push(e);
    appendFileSync(this.file, `${JSON.stringify(e)}\n`);
  }
}

/** The session's record so far (none before the first action); a last line still being written is left out. */
export function readTrainingLog(dir: string): TrainingEvent[] {
  const file = join(dir, TRAINING_LOG_FILE);
  if (!existsSync(file)) return [];
  return readJsonLines(file).map(({ value }) => value as TrainingEvent);
}
