import type { Migration } from '../migrate';
import { initialSchema } from './0001-initial';

/** In order; a migration, once released, is never edited — add the next one instead. */
export const MIGRATIONS: readonly Migration[] = [initialSchema];
