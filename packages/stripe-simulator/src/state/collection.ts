/**
 * One resource type's objects, kept in creation order with an id → position index, so that lists (newest first,
 * `created[...]` bounds, `starting_after`/`ending_before` cursors) cost O(log n + page) instead of a scan.
 * Objects are stored by reference and mutated in place by the resources; snapshots are taken where Stripe would
 * take them (event payloads, idempotent responses).
 */
export interface Entity {
  id: string;
  created: number;
}

export interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export interface PageQuery<T> {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  created?: CreatedRange;
  /** Extra filter (e.g. `customer`, event `type`); pages skip non-matching items. */
  filter?: (item: T) => boolean;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export class Collection<T extends Entity, M = Record<string, unknown>> {
  private readonly items: T[] = [];
  private readonly metas: M[] = [];
  private readonly pos = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  insert(obj: T, meta: M): T {
    // The clock never goes back, so appending keeps `created` sorted; guard anyway for loaded/foreign data.
    const last = this.items.at(-1);
    if (last && obj.created < last.created) obj.created = last.created;
    this.pos.set(obj.id, this.items.length);
    this.items.push(obj);
    this.metas.push(meta);
    return obj;
  }

  get(id: string): T | undefined {
    const i = this.pos.get(id);
    return i === undefined ? undefined : this.items[i];
  }

  meta(id: string): M | undefined {
    const i = this.pos.get(id);
    return i === undefined ? undefined : this.metas[i];
  }

  has(id: string): boolean {
    return this.pos.has(id);
  }

  /** Oldest first. */
  values(): readonly T[] {
    return this.items;
  }

  entries(): Array<{ obj: T; meta: M }> {
    return this.items.map((obj, i) => ({ obj, meta: this.metas[i]! }));
  }

  /** Drops items created before `created` (event retention). O(n) but run rarely. */
  pruneOlderThan(created: number): number {
    const cut = this.lowerBound(created);
    if (cut === 0) return 0;
    this.items.splice(0, cut);
    this.metas.splice(0, cut);
    this.pos.clear();
    this.items.forEach((item, i) => this.pos.set(item.id, i));
    return cut;
  }

  /** Throws `missingCursor(id)` when a cursor is unknown (the caller turns it into Stripe's 404). */
  page(query: PageQuery<T>, missingCursor: (id: string, param: string) => Error): Page<T> {
    const { lo, hi } = this.bounds(query.created);
    const matches = query.filter ?? (() => true);
    const out: T[] = [];
    const want = query.limit + 1;
    if (query.endingBefore !== undefined && query.startingAfter === undefined) {
      const c = this.pos.get(query.endingBefore);
      if (c === undefined) throw missingCursor(query.endingBefore, 'ending_before');
      // Objects newer than the cursor, the closest first; the page is then shown newest first like any list.
      for (let i = Math.max(lo, c + 1); i <= hi && out.length < want; i++) {
        const item = this.items[i]!;
        if (matches(item)) out.push(item);
      }
      const hasMore = out.length > query.limit;
      return { data: out.slice(0, query.limit).reverse(), hasMore };
    }
    let start = hi;
    if (query.startingAfter !== undefined) {
      const c = this.pos.get(query.startingAfter);
      if (c === undefined) throw missingCursor(query.startingAfter, 'starting_after');
      start = Math.min(hi, c - 1);
    }
    for (let i = start; i >= lo && out.length < want; i--) {
      const item = this.items[i]!;
      if (matches(item)) out.push(item);
    }
    const hasMore = out.length > query.limit;
    return { data: hasMore ? out.slice(0, query.limit) : out, hasMore };
  }

  /** [lo, hi] index range whose `created` satisfies the bounds (hi < lo when empty). */
  private bounds(range: CreatedRange | undefined): { lo: number; hi: number } {
    let lo = 0;
    let hi = this.items.length - 1;
    if (!range) return { lo, hi };
    if (range.gte !== undefined) lo = Math.max(lo, this.lowerBound(range.gte));
    if (range.gt !== undefined) lo = Math.max(lo, this.lowerBound(range.gt + 1));
    if (range.lte !== undefined) hi = Math.min(hi, this.lowerBound(range.lte + 1) - 1);
    if (range.lt !== undefined) hi = Math.min(hi, this.lowerBound(range.lt) - 1);
    return { lo, hi };
  }

  /** First index whose created >= value. */
  private lowerBound(value: number): number {
    let a = 0;
    let b = this.items.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.items[m]!.created < value) a = m + 1;
      else b = m;
    }
    return a;
  }
}
