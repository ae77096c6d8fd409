/**
 * Numbered migrations keyed to SQLite's `user_version`: migration N brings the schema from version N-1 to N,
 * inside one transaction that also bumps `user_version`, so a crash leaves either the old or the new schema.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Marks the file as Till's order log ('TILL'), so Till never migrates some other SQLite file. */
export const TILL_APPLICATION_ID = 0x54494c4c;

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This order log was written by a newer version of Till (schema version ${found}; this version understands ` +
        `up to ${supported}). Install the newer Till to open it. The file was not changed.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class NotATillDatabaseError extends Error {
  constructor(applicationId: number) {
    super(
      `This file is an SQLite database, but not a Till order log (application id ${applicationId}). ` +
        'Till did not change it.',
    );
    this.name = 'NotATillDatabaseError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws, without writing anything, when the file is not one this version of Till may open. */
export function assertCompatible(db: Database, migrations: readonly Migration[]): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = schemaVersion(db);
  if (applicationId !== 0 && applicationId !== TILL_APPLICATION_ID) throw new NotATillDatabaseError(applicationId);
  if (applicationId === 0 && version !== 0) throw new NotATillDatabaseError(applicationId);
  const latest = migrations.at(-1)?.version ?? 0;
  if (version > latest) throw new DatabaseTooNewError(version, latest);
}

export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} is numbered ${migration.version}; expected ${index + 1}`);
    }
  });
  assertCompatible(db, migrations);
  const from = schemaVersion(db);
  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`application_id = ${TILL_APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
