/**
 * Names of the faults of a scenario: the given name, or the type (then
 * `type-2`, `type-3`, …) for faults without one. Names given explicitly are
 * never taken by a generated one, so a `revert:` keeps pointing where its
 * author meant.
 */
export function assignFaultNames(faults: readonly { type?: unknown; name?: unknown }[]): string[] {
  const taken = new Set(faults.map((f) => f.name).filter((n): n is string => typeof n === 'string'));
  return faults.map((f) => {
    if (typeof f.name === 'string') return f.name;
    const base = typeof f.type === 'string' ? f.type : 'fault';
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    return name;
  });
}
