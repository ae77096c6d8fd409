/**
 * A worker thread that writes one part of a large export (export-in-parts.ts): it opens its own read-only
 * connection, takes its snapshot when the main thread says so, finds its stretch of the history and writes that
 * stretch's CSV — the first part back to the main thread chunk by chunk, the others into a file of their own.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { stretchCsv } from './export-csv';
import {
  CHUNK_BUFFER_BYTES,
  CHUNKS_AHEAD,
  SHARED_SLOTS,
  type ExportPartData,
  type FromExportPart,
  type ToExportPart,
} from './export-parts-protocol';
import { openExportReader } from './export-snapshot';

const data = workerData as ExportPartData;
const port = parentPort!;
const shared = new Int32Array(data.shared);
const say = (message: FromExportPart) => port.postMessage(message);

/**
 * The first part's chunks go to the main thread in a few buffers that go round: filled here, handed over (not
 * copied), written there, and handed back to be filled again. So the export's text never piles up in memory,
 * whichever thread would have to collect it, and this part waits when all of them are on the other side.
 */
function toMainThread(): Writable {
  const free: ArrayBuffer[] = [];
  let made = 0;
  let waiting: (() => void) | null = null;
  port.on('message', (message: ToExportPart) => {
    free.push(message.bytes);
    const resume = waiting;
    waiting = null;
    resume?.();
  });
  const send = (chunk: Buffer) => {
    let bytes = free.pop();
    if (!bytes || bytes.byteLength < chunk.length) bytes = new ArrayBuffer(Math.max(CHUNK_BUFFER_BYTES, chunk.length));
    chunk.copy(Buffer.from(bytes));
    port.postMessage({ type: 'chunk', bytes, length: chunk.length } satisfies FromExportPart, [bytes]);
  };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (free.length > 0 || made < CHUNKS_AHEAD) {
        if (free.length === 0) made += 1;
        send(chunk);
        return done();
      }
      waiting = () => {
        send(chunk);
        done();
      };
    },
  });
}

async function writePart() {
  const snapshot = openExportReader(data.file, data.filter);
  say({ type: 'ready' });
  // Every part's snapshot is taken while the main thread, the log's only writer, waits: they all see one moment.
  Atomics.wait(shared, SHARED_SLOTS.go, 0);
  try {
    snapshot.begin();
  } finally {
    // Said even when it failed, so that the main thread stops waiting and hears why.
    Atomics.add(shared, SHARED_SLOTS.snapshots, 1);
    Atomics.notify(shared, SHARED_SLOTS.snapshots);
  }
  try {
    // Counted once the main thread is free again: at a million orders, seconds on a cold disk.
    const orders = snapshot.orderCount();
    if (data.part === 0) say({ type: 'total', rows: data.kind === 'orders' ? orders : snapshot.lineCount() });
    let rows = 0;
    let unreported = 0;
    const row = () => {
      rows += 1;
      if (++unreported === 1024) {
        Atomics.add(shared, SHARED_SLOTS.rows, unreported);
        unreported = 0;
      }
    };
    const stretch = snapshot.stretches(data.parts, orders)[data.part]!;
    const csv = stretchCsv(snapshot, {
      kind: data.kind,
      taxNames: snapshot.taxNames(),
      stretch,
      first: data.part === 0,
      row,
    });
    const out = data.partFile ? createWriteStream(data.partFile, { mode: 0o600 }) : toMainThread();
    try {
      await pipeline(csv.text, out);
    } finally {
      await csv.released;
    }
    Atomics.add(shared, SHARED_SLOTS.rows, unreported);
    say({ type: 'done', rows });
  } finally {
    snapshot.close();
  }
}

writePart().catch((error: unknown) => {
  say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
