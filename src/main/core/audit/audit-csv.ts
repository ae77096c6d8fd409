/** The audit log as CSV for the owner's accountant or a dispute: one row per entry, times on the shop PC's clock. */
import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from '#shared/contract';
import { localDateTime } from '#shared/local-day';
import { escapeFormula } from '../spreadsheet-text';

const COLUMNS = ['Entry', 'When', 'Who', 'Action', 'Window', 'Order', 'Details'];

export function auditCsv(entries: Iterable<AuditEntry>): { csv: string; rows: number } {
  const records: string[][] = [];
  for (const entry of entries) {
    records.push([
      String(entry.id),
      localDateTime(entry.at),
      escapeFormula(entry.who),
      entry.action,
      entry.window ?? '',
      entry.orderNumber === null ? '' : `#${entry.orderNumber}`,
      escapeFormula(entry.details.map(({ key, value }) => `${key}: ${value}`).join('; ')),
    ]);
  }
  const csv = stringify(records, {
    header: true,
    columns: COLUMNS,
    record_delimiter: 'windows',
    bom: true,
    quoted_match: /[\r\n]/,
  });
  return { csv, rows: records.length };
}
