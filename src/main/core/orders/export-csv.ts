/**
 * One stretch of the history as CSV text: rows read one at a time from a snapshot (export-snapshot.ts), turned into
 * records (orders-csv.ts) and quoted by csv-stringify's stream, gathered into chunks of about 64 kB. The same code
 * writes a whole export on the main thread or one part of a large one on a worker thread (export-worker.ts).
 */
import { pipeline, Readable, Transform } from 'node:stream';
import type { ExportSnapshot, HistoryStretch, LineExportRow } from './export-snapshot';
import { splitLineTaxes } from './line-taxes';
import { csvStream, lineColumns, lineRecords, orderColumns, orderRecords } from './orders-csv';

export type ExportKind = 'orders' | 'lines';

export interface StretchCsvOptions {
  kind: ExportKind;
  /** The tax columns: the export's, the same in every part. */
  taxNames: string[];
  stretch: HistoryStretch;
  /** Only the file's first part starts with the byte-order mark and the header row. */
  first: boolean;
  /** Called once per row written. */
  row: () => void;
}

/**
 * csv-stringify emits each record as a buffer of its own; gathered into chunks of about 64 kB they reach the file
 * (or the HTTP response, or the main thread) as a few thousand writes rather than a million. Kept as bytes: turning
 * them into text and back would cost a conversion per record, and text would grow the heap of whoever holds it.
 */
function inChunks(size = 64 * 1024) {
  let pending: Buffer[] = [];
  let bytes = 0;
  const gathered = () => {
    const chunk = Buffer.concat(pending, bytes);
    pending = [];
    bytes = 0;
    return chunk;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      bytes += chunk.length;
      done(null, bytes >= size ? gathered() : undefined);
    },
    flush(done) {
      done(null, bytes > 0 ? gathered() : undefined);
    },
  });
}

function* orderRows(snapshot: ExportSnapshot, { taxNames, stretch, row }: StretchCsvOptions) {
  const record = orderRecords(taxNames);
  for (const order of snapshot.orders(stretch)) {
    row();
    yield record(order);
  }
}

/** Lines come grouped by order: an order's lines are gathered to share its taxes out, then written. */
function* lineRows(snapshot: ExportSnapshot, { taxNames, stretch, row }: StretchCsvOptions) {
  const classTaxes = snapshot.classTaxes();
  const record = lineRecords(taxNames);
  let group: LineExportRow[] = [];
  const byLineNo = (a: LineExportRow, b: LineExportRow) => a[13] - b[13];
  function* flush() {
    if (group.some((line, i) => i > 0 && line[13] < group[i - 1]![13])) group.sort(byLineNo);
    const split = splitLineTaxes(
      group[0]![4],
      group.map(([, , , , , , , , , taxClass, subtotal, tax]) => ({ taxClass, subtotal, tax })),
      classTaxes,
    );
    for (const [i, line] of group.entries()) {
      row();
      yield record(line, split[i]!);
    }
    group = [];
  }
  for (const line of snapshot.lines(stretch)) {
    if (group.length > 0 && group[0]![0] !== line[0]) yield* flush();
    group.push(line);
  }
  if (group.length > 0) yield* flush();
}

/**
 * The stretch's CSV as a stream of UTF-8 chunks, ending when its last row is written; `released` resolves once the
 * rows are no longer read (all written, failed or canceled), when the snapshot may close.
 */
export function stretchCsv(
  snapshot: ExportSnapshot,
  options: StretchCsvOptions,
): { text: Readable; released: Promise<void> } {
  const records = options.kind === 'orders' ? orderRows(snapshot, options) : lineRows(snapshot, options);
  const columns = options.kind === 'orders' ? orderColumns(options.taxNames) : lineColumns(options.taxNames);
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  // pipeline joins the three both ways: a failure anywhere reaches whoever reads the chunks (the error is theirs to
  // handle), and destroying the chunks (a cancel) ends the rows' iterator, after which the callback runs.
  const text = pipeline(Readable.from(records), csvStream(columns, { first: options.first }), inChunks(), () =>
    release(),
  );
  return { text, released };
}
