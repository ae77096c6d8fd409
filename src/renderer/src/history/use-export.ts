import { useEffect, useRef, useState } from 'react';
import type { OrdersFileExport } from '#shared/contract';
import type { Result } from '#shared/result';
import { download } from './download';
import type { HistoryQuery } from './history-filter';
import { till } from '../staff/till';

export type ExportKind = 'orders' | 'lines';

export type ExportState =
  | { phase: 'idle'; message: string | null; error: boolean }
  | { phase: 'running'; kind: ExportKind; written: number; total: number | null };

const rowsWord = (kind: ExportKind, rows: number) =>
  `${rows.toLocaleString()} ${kind === 'orders' ? (rows === 1 ? 'order' : 'orders') : rows === 1 ? 'line' : 'lines'}`;

/** What the browser preview hands back: the file, fetched from main as it is written, then saved by the browser. */
async function fetchDownload(address: string, fileName: string, signal: AbortSignal): Promise<void> {
  const response = await fetch(address, { signal, credentials: 'same-origin' });
  if (!response.ok) throw new Error(await response.text());
  download(fileName, await response.blob());
}

/**
 * One export at a time from this window: starts it, follows main's progress pushes for it, and cancels it. The
 * desktop app's call answers once the file is saved; the preview's answers at once with an address to fetch.
 */
export function useExport(filter: HistoryQuery) {
  const [state, setState] = useState<ExportState>({ phase: 'idle', message: null, error: false });
  const current = useRef<{ exportId: string; aborter: AbortController } | null>(null);

  useEffect(
    () =>
      till.on('orders.exportProgress', ({ exportId, written, total }) => {
        if (current.current?.exportId !== exportId) return;
        setState((state) => (state.phase === 'running' ? { ...state, written, total } : state));
      }),
    [],
  );

  async function start(kind: ExportKind) {
    const exportId = crypto.randomUUID();
    const aborter = new AbortController();
    current.current = { exportId, aborter };
    setState({ phase: 'running', kind, written: 0, total: null });
    const input = { ...filter, exportId };
    const result: Result<OrdersFileExport> =
      kind === 'orders' ? await till.orders.exportCsv(input) : await till.orders.exportLines(input);
    let message: string | null = null;
    let error = false;
    try {
      if (!result.ok) throw new Error(result.error.message);
      const { path, download: address, fileName, rows, canceled } = result.value;
      if (address && !aborter.signal.aborted) {
        await fetchDownload(address, fileName, aborter.signal);
        message = `Exported ${rowsWord(kind, rows)} to ${fileName}`;
      } else if (path) message = `Saved ${rowsWord(kind, rows)} to ${path}`;
      if (canceled || aborter.signal.aborted) message = 'Export canceled: no file was saved.';
    } catch (failure) {
      if (aborter.signal.aborted) message = 'Export canceled: no file was saved.';
      else {
        message = failure instanceof Error ? failure.message : String(failure);
        error = true;
      }
    }
    current.current = null;
    setState({ phase: 'idle', message, error });
  }

  function cancel() {
    const running = current.current;
    if (!running) return;
    running.aborter.abort();
    void till.orders.cancelExport({ exportId: running.exportId });
  }

  return { state, start, cancel };
}
