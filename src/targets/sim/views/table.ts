/**
 * kubectl's plain table: upper-case headers, columns left-aligned and
 * separated by three spaces, no borders; "No resources found" when empty.
 */
import { textTable } from '../../../text-table.js';

export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return rows.length === 0 ? 'No resources found\n' : textTable(headers, rows);
}
