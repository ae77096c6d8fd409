import { describe, expect, it } from 'vitest';
import { backupFileName, backupTakenAt } from '#core/backup/backup-files';
import { findLeaks } from '../support/leak-scan';

describe("automatic backups' file names", () => {
  const day = new Date(2026, 11, 6).getTime();
  const everySecondOfADay = Array.from({ length: 86_400 }, (_, second) => day + second * 1000);

  it('never look like a card number to the leak checks, whatever the second (the secrets walk read one as one)', () => {
    const lookAlikes = everySecondOfADay.map(backupFileName).filter((name) => findLeaks(name, []).length > 0);
    expect(lookAlikes).toEqual([]);
  });

  it('read back as the moment they were taken, and sort by time as text', () => {
    const names = everySecondOfADay.filter((_, i) => i % 997 === 0).map(backupFileName);
    expect(names.map(backupTakenAt)).toEqual(everySecondOfADay.filter((_, i) => i % 997 === 0));
    expect([...names].sort()).toEqual(names);
    expect(backupFileName(day + (18 * 3600 + 30 * 60 + 5) * 1000)).toBe('Till-backup-2026-12-06_18-30-05.sqlite');
  });

  it('are the only names taken for backups: a hand-made copy or another file is not one', () => {
    for (const other of ['Till-backup.sqlite', 'Till-backup-2026-12-06.sqlite', 'Till-backup-2026-12-06-183005.sqlite'])
      expect(backupTakenAt(other)).toBeNull();
  });
});
