/** Stripe's list parameters (`limit`, `created[...]`, `starting_after`, `ending_before`) and list responses. */
import type Stripe from 'stripe';
import type { Collection, CreatedRange, Entity } from '../state/collection';
import { invalidInteger, invalidRequest, resourceMissing } from '../api/errors';
import type { Params } from '../api/params';

export interface ListParams {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  created?: CreatedRange;
}

function readTimestamp(p: Params, key: string, name: string): number | undefined {
  const v = p.raw[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw invalidInteger(name, v);
  return Number(v);
}

export function readRange(p: Params, key: string): CreatedRange | undefined {
  const raw = p.raw[key];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string') {
    const t = readTimestamp(p, key, key)!;
    return { gte: t, lte: t };
  }
  const nested = p.obj(key);
  if (!nested) return undefined;
  nested.allowOnly(['gt', 'gte', 'lt', 'lte']);
  const range: CreatedRange = {};
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const t = readTimestamp(nested, op, nested.name(op));
    if (t !== undefined) range[op] = t;
  }
  return range;
}

export function readListParams(p: Params): ListParams {
  const limit = p.int('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest(`Invalid limit: must be between 1 and 100`, {
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
  }
  const startingAfter = p.string('starting_after') ?? undefined;
  const endingBefore = p.string('ending_before') ?? undefined;
  return { limit, startingAfter, endingBefore, created: readRange(p, 'created') };
}

/** One page of a collection as a Stripe list object. `noun` names the object in "No such …" cursor errors. */
export function listPage<T extends Entity, M>(
  collection: Collection<T, M>,
  lp: ListParams,
  url: string,
  noun: string,
  filter?: (item: T) => boolean,
): Stripe.ApiList<T> {
  const page = collection.page({ ...lp, filter }, (id, param) => resourceMissing(noun, id, param));
  return { object: 'list', data: page.data, has_more: page.hasMore, url };
}

/** Whether a timestamp lies within a `created`-style range (for filters on other dates, e.g. `arrival_date`). */
export function inRange(value: number, range: CreatedRange | undefined): boolean {
  if (!range) return true;
  return (
    (range.gt === undefined || value > range.gt) &&
    (range.gte === undefined || value >= range.gte) &&
    (range.lt === undefined || value < range.lt) &&
    (range.lte === undefined || value <= range.lte)
  );
}
