/** The owner's audit window: pages of who did what, the hash chain's state, and the log as CSV. */
import { localDay } from '#shared/local-day';
import type { TillShell } from '../app/till-shell';
import type { AuditLog } from '../db/audit-log';
import { defineHandlers } from '../ipc/handler-map';
import type { AuditChainCheck } from './audit-chain-check';
import { auditCsv } from './audit-csv';
import type { AuditQueries } from './audit-queries';

export interface AuditDeps {
  queries: AuditQueries;
  chain: AuditChainCheck;
  audit: AuditLog;
  shell: TillShell;
}

export const auditHandlers = ({ queries, chain, audit, shell }: AuditDeps) =>
  defineHandlers({
    'audit.list': async (input) => ({ ...queries.page(input), chain: await chain.recheck() }),
    'audit.exportCsv': async (input, caller) => {
      const { csv, rows } = auditCsv(queries.all(input?.filter));
      const fileName = `Till-audit-${localDay(Date.now())}.csv`;
      const saved = await shell.saveCsv(fileName, csv);
      if (saved.path || saved.csv) audit.record(caller, 'audit.exported', null, { rows });
      return { ...saved, fileName, rows };
    },
  });
