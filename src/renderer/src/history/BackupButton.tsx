import { FileAction } from './FileAction';
import { till } from '../staff/till';

/** Copies the whole order log to a file the owner chooses, checked before it is kept. */
export function BackupButton() {
  return (
    <FileAction
      label="Back up"
      busyLabel="Backing up…"
      run={() => till.database.backup()}
      describe={({ path, orders, bytes }) =>
        path
          ? `Backed up ${orders === 1 ? '1 order' : `${orders} orders`} (${Math.ceil(bytes / 1024)} KB) to ${path}`
          : null
      }
    />
  );
}
