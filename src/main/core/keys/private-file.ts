/**
 * Files and folders only the user can read: the keys, the order log and its WAL, backups, logs (mode 0600, folders
 * 0700, on POSIX). A mode given at creation passes through the process's umask, which can only take bits away, so
 * Till sets it again with chmod to have exactly that. On Windows a file has no such modes (chmod only sets
 * read-only): Till's files live in the user's profile (%APPDATA%, or a folder the owner chose), whose ACL already
 * keeps other users out.
 *
 * `writePrivateFile` replaces a small file whole: written to a temporary file with that mode from its creation,
 * flushed, then renamed over the old one, so a crash leaves the old keys or the new ones, never half of either, and
 * the keys are never readable by others even for a moment.
 */
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const HAS_MODES = process.platform !== 'win32';

/**
 * Creates a folder (and its missing parents) only the user can enter. A folder that already exists is left as it
 * is: it may be one the owner chose for other things too (TILL_DATA_DIR); the files Till puts in it are 0600.
 */
export function makePrivateDir(path: string): void {
  const first = mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!first || !HAS_MODES) return;
  for (let dir = path; ; dir = dirname(dir)) {
    chmodSync(dir, PRIVATE_DIR_MODE);
    if (dir === first || dirname(dir) === dir) break;
  }
}

/** Makes an existing file readable by the user only (one an older Till wrote with the usual 0644); none is fine. */
export function restrictToOwner(path: string): void {
  if (!HAS_MODES) return;
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Makes sure a file exists, readable by the user only, before something else (SQLite) opens it and writes to it:
 * SQLite creates a new database file 0644, and its -wal and -shm files with the database file's mode.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  restrictToOwner(path);
}

export function writePrivateFile(path: string, content: string | Buffer): void {
  makePrivateDir(dirname(path));
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The file's bytes, or null when there is no such file. */
export function readPrivateFile(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function removePrivateFile(path: string): void {
  rmSync(path, { force: true });
}
