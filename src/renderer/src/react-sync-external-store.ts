/**
 * Stands in for the `use-sync-external-store` shim that wouter imports for React 17 and older. On React 18+ the
 * shim hands out React's own hook, so this does the same without shipping the fallback in the first load.
 */
export { useSyncExternalStore } from 'react';
