import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import type { Params } from './history-where';

/** Statements by their SQL: one per shape of filter the owner has used, prepared once and kept. */
export function preparedCache(db: Db) {
  const statements = new Map<string, Statement>();
  return function all<Row>(sql: string, params: Params): Row[] {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement.all(params) as Row[];
  };
}
