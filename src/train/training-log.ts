/** The trainee's record, `training.jsonl`: appended as it happens, so a crash loses nothing already done. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

export function readTrainingLog(dir: string): TrainingEvent[] {
  const file = join(dir, TRAINING_LOG_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TrainingEvent);
}
