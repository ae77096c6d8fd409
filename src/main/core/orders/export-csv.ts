/**
 * One stretch of the history as CSV text: rows read one at a time from a snapshot (export-snapshot.ts), turned into
 * records (orders-csv.ts) and quoted by csv-stringify's stream, gathered into chunks of about 64 kB. The same code
 * writes a whole export on the main thread or one part of a large one on a worker thread (export-worker.ts).
 *
 * At a million orders every step here runs millions of times: records are pulled by a plain loop rather than
 * generators, whose every step (and `yield*` into an order's lines) cost about as much as the record it made.
 */
import { pipeline, Readable, Transform } from 'node:stream';
import type { ExportSnapshot, HistoryStretch, LineExportRow, OrderExportRow } from './export-snapshot';
import { splitLineTaxes, type TaxedLine } from './line-taxes';
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

/** The next record, or undefined after the last. */
type NextRecord = () => string[] | undefined;

interface RecordSource {
  next: NextRecord;
  /** Lets go of the rows' iterator before its end (a cancel or a failure), which frees the snapshot's connection. */
  stop(): void;
}

/**
 * csv-stringify emits each record as a buffer of its own; gathered into chunks of about 64 kB they reach the file
 * (or the HTTP response, or the main thread) as a few thousand writes rather than a million. Kept as bytes: turning
 * them into text and back would cost a conversion per record, and text would grow the heap of whoever holds it
 * (tried: csv-stringify handing on strings, written straight into the chunk, was slower on a worker's small young
 * generation, whose collections each record's text then outlived).
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

function orderSource(snapshot: ExportSnapshot, { taxNames, stretch, row }: StretchCsvOptions): RecordSource {
  const record = orderRecords(taxNames);
  let rows: IterableIterator<OrderExportRow> | undefined;
  return {
    next() {
      // Opened at the first record, once the snapshot's other reads are done: an open iterator keeps its
      // connection busy.
      rows ??= snapshot.orders(stretch);
      const next = rows.next();
      if (next.done) return undefined;
      row();
      return record(next.value);
    },
    stop: () => void rows?.return?.(),
  };
}

/** Lines come grouped by order: an order's lines are gathered to share its taxes out, then written. */
function lineSource(snapshot: ExportSnapshot, { taxNames, stretch, row }: StretchCsvOptions): RecordSource {
  // Read now, before the rows' iterator holds the connection; should it fail, stretchCsv throws and its callers
  // close the snapshot (export-job.ts, export-worker.ts).
  const classTaxes = snapshot.classTaxes();
  const record = lineRecords(taxNames);
  let rows: IterableIterator<LineExportRow> | undefined;
  let ahead: IteratorResult<LineExportRow> | undefined;
  const group: LineExportRow[] = [];
  const taxed: TaxedLine[] = [];
  const ready: string[][] = [];
  let readyAt = 0;
  const byLineNo = (a: LineExportRow, b: LineExportRow) => a[13] - b[13];

  /**
   * Gathers the order of the line `first` (the lines after it, up to the next order's) and makes their records;
   * returns what the rows had after them.
   */
  function nextOrder(rows: IterableIterator<LineExportRow>, first: LineExportRow) {
    group.length = 0;
    taxed.length = 0;
    ready.length = 0;
    readyAt = 0;
    group.push(first);
    let after = rows.next();
    while (!after.done && after.value[0] === first[0]) {
      group.push(after.value);
      after = rows.next();
    }
    let inOrder = true;
    for (let i = 1; i < group.length; i++) if (group[i]![13] < group[i - 1]![13]) inOrder = false;
    if (!inOrder) group.sort(byLineNo);
    for (const line of group) taxed.push({ taxClass: line[9], subtotal: line[10], tax: line[11] });
    const split = splitLineTaxes(group[0]![4], taxed, classTaxes);
    for (let i = 0; i < group.length; i++) ready.push(record(group[i]!, split[i]!));
    return after;
  }

  return {
    next() {
      if (readyAt === ready.length) {
        // Opened at the first record, as the orders' are.
        rows ??= snapshot.lines(stretch);
        ahead ??= rows.next();
        if (ahead.done) return undefined;
        ahead = nextOrder(rows, ahead.value);
      }
      row();
      return ready[readyAt++];
    },
    stop: () => void rows?.return?.(),
  };
}

/** Records pulled as csv-stringify's stream asks for them, so rows are read only as fast as the text is taken. */
function recordStream(source: RecordSource): Readable {
  return new Readable({
    objectMode: true,
    highWaterMark: 16,
    read() {
      for (;;) {
        const record = source.next();
        if (record === undefined) {
          this.push(null);
          return;
        }
        if (!this.push(record)) return;
      }
    },
    destroy(error, done) {
      source.stop();
      done(error);
    },
  });
}

/**
 * The stretch's CSV as a stream of UTF-8 chunks, ending when its last row is written; `released` resolves once the
 * rows are no longer read (all written, failed or canceled), when the snapshot may close.
 */
export function stretchCsv(
  snapshot: ExportSnapshot,
  options: StretchCsvOptions,
): { text: Readable; released: Promise<void> } {
  const source = options.kind === 'orders' ? orderSource(snapshot, options) : lineSource(snapshot, options);
  const columns = options.kind === 'orders' ? orderColumns(options.taxNames) : lineColumns(options.taxNames);
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  // pipeline joins the three both ways: a failure anywhere reaches whoever reads the chunks (the error is theirs to
  // handle), and destroying the chunks (a cancel) ends the rows' iterator, after which the callback runs.
  const text = pipeline(recordStream(source), csvStream(columns, { first: options.first }), inChunks(), () =>
    release(),
  );
  return { text, released };
}
