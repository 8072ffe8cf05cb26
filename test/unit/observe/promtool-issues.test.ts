import { expect } from 'chai';
import { promtoolIssues } from '../../../src/observe/promtool-issues.js';

const FILE = '/runs/r1/user.rules.yaml';
const TEXT = `groups:
  - name: g
    rules:
      - alert: Foo
        expr: up == 0
        labels:
          severity: "{{ $labels.x "
      - alert: Bar
        expr: up
        for: 1x
`;

// Output captured from promtool 2.42 for each kind of problem.
describe('promtool output → file:line issues', () => {
  const read = (f: string): string | null => (f === FILE ? TEXT : null);

  it('keeps the line and column promtool gives for a bad expression', () => {
    const out = `Checking /runs/r1/prometheus.yml\n  FAILED:\n     ${FILE}: 5:15: group "g", rule 1, "Foo": could not parse expression: 1:18: parse error: unclosed left parenthesis\n`;
    expect(promtoolIssues(out, [FILE], read)).to.deep.equal([
      { file: FILE, line: 5, col: 15, message: 'group "g", rule 1, "Foo": could not parse expression: 1:18: parse error: unclosed left parenthesis' },
    ]);
  });

  it('reads YAML errors, including unmarshal details on the following lines', () => {
    const out = `  FAILED:\n${FILE}: yaml: unmarshal errors:\n  line 5: field exprr not found in type rulefmt.RuleNode\n  line 9: field forr not found\n${FILE}: yaml: line 3: mapping values are not allowed in this context\n${FILE}: yaml: line 3: mapping values are not allowed in this context\n`;
    expect(promtoolIssues(out, [FILE], read).map((i) => [i.line, i.message])).to.deep.equal([
      [5, 'field exprr not found in type rulefmt.RuleNode'],
      [9, 'field forr not found'],
      [3, 'mapping values are not allowed in this context'],
    ]);
  });

  it('finds the rule’s line when promtool names the rule but no line', () => {
    const out = `${FILE}: group "g", rule 1, "Foo": label "severity": template: __alert_Foo:1: unclosed action\n`;
    expect(promtoolIssues(out, [FILE], read)[0]).to.include({ line: 4, col: 9 });
  });

  it('finds the line of a quoted bad value, and reports a missing file', () => {
    const out = `${FILE}: not a valid duration string: "1x"\n  FAILED: "/runs/r1/gone.yaml" does not point to an existing file\n`;
    expect(promtoolIssues(out, [FILE], read)).to.deep.equal([
      { file: FILE, line: 10, col: 9, message: 'not a valid duration string: "1x"' },
      { file: '/runs/r1/gone.yaml', line: 0, col: 0, message: 'rule file does not exist' },
    ]);
  });

  it('ignores lines about files it was not asked about', () => {
    expect(promtoolIssues('/etc/other.yaml: 1:1: nope\nSUCCESS', [FILE], read)).to.deep.equal([]);
  });
});
