/**
 * The simulator's clock: wall time plus an offset that tests (and the admin route) can move forward, so `created`
 * filters and "later" transitions can be exercised without sleeping. It never moves backwards, which keeps the
 * stores' created-order indexes sorted.
 */
export class Clock {
  private offsetMs: number;
  private last = 0;

  constructor(offsetMs = 0) {
    this.offsetMs = offsetMs;
  }

  nowMs(): number {
    const t = Date.now() + this.offsetMs;
    if (t > this.last) this.last = t;
    return this.last;
  }

  /** Unix seconds. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('The clock only moves forward.');
    this.offsetMs += seconds * 1000;
    return this.now();
  }

  get offset(): number {
    return this.offsetMs;
  }
}
