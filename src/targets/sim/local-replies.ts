/**
 * Bodies of the replies Envoy generates itself (docs/envoy.md#local-replies-and-response-flags),
 * for outcomes whose model result carries no body of its own.
 */

const BY_FLAG: Record<string, string> = {
  UH: 'no healthy upstream',
  UF: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
  NC: 'cluster not found',
  NR: '',
  UO: 'upstream overflow',
  UT: 'upstream request timeout',
};

export function localReplyBody(status: number, flags: string): string {
  if (status === 403) return 'RBAC: access denied';
  // The first flag, without an array per reply (failures can be every request of a run).
  const comma = flags.indexOf(',');
  const first = comma < 0 ? flags : flags.slice(0, comma);
  const body = BY_FLAG[first];
  if (body !== undefined) return body;
  if (status >= 500) return 'upstream error';
  return '';
}
