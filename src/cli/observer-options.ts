/** Flags that shape the observation stack: which rule files, where results go. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { baselineRuleFiles } from '../observe/local-observers.js';

export interface ObserverArgs {
  rules: string[];
  'baseline-rules': boolean;
  results: string;
}

export function observerOptions<T>(y: Argv<T>): Argv<T & ObserverArgs> {
  return y
    .option('rules', { type: 'string', array: true, default: [] as string[], describe: 'your own Prometheus rule files, evaluated beside (or instead of) the pack' })
    .option('baseline-rules', { type: 'boolean', default: true, describe: 'load the baseline pack rules/istio-baseline.rules.yaml (--no-baseline-rules to use only --rules)' })
    .option('results', { type: 'string', default: 'results', describe: 'results root; each run writes results/<UTC time>-<scenario>/' }) as unknown as Argv<T & ObserverArgs>;
}

export function ruleFilesOf(args: ObserverArgs, cwd: string): string[] {
  const user = args.rules.map((r) => resolve(cwd, r));
  for (const f of user) if (!existsSync(f)) throw new UsageError(`--rules ${f}: no such file`);
  const files = [...(args['baseline-rules'] ? baselineRuleFiles() : []), ...user];
  if (files.length === 0) throw new UsageError('no alert rules: --no-baseline-rules needs at least one --rules file');
  return files;
}
