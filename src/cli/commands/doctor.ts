/** `gameday doctor`: every external tool — found or not, its version, the version tested, how to install it. */
import type { CommandModule } from 'yargs';
import { doctorReport } from '../../observe/tools.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { textTable as table } from '../../text-table.js';

interface DoctorArgs extends GlobalArgs {
  json: boolean;
}

export function doctorCommand(ctx: CliContext): CommandModule<GlobalArgs, DoctorArgs> {
  return {
    command: 'doctor',
    describe: 'check the external tools a run needs (Prometheus, Alertmanager, vegeta; optionally your own k6; kind, istioctl, docker, kubectl for clusters)',
    builder: (y) => y.option('json', { type: 'boolean', default: false }).example('$0 doctor', 'what is installed, and how to get what is not'),
    handler: async (args) => {
      const rows = await doctorReport();
      if (args.json) ctx.out.write(JSON.stringify(rows, null, 2) + '\n');
      else {
        ctx.out.write(
          table(
            ['TOOL', 'NEEDED FOR', 'FOUND', 'VERSION', 'TESTED WITH', 'PATH / HOW TO INSTALL'],
            rows.map((r) => [
              r.tool,
              r.neededFor,
              r.found ? 'yes' : 'NO',
              r.version ?? '—',
              r.tested ? (r.version && r.version.startsWith(r.tested) ? `${r.tested} ✓` : r.tested) : '—',
              r.found ? (r.path ?? '') : r.hint,
            ]),
          ),
        );
      }
      // Missing required tools are a broken installation, not bad input.
      if (rows.some((r) => r.required && !r.found)) ctx.exitCode = 3;
    },
  };
}
