/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` bodies (and query strings for GET/DELETE) with
 * nested brackets `a[b][c]=v` and percent-encoded brackets. Every official SDK's way of sending a list is accepted:
 * indexed `a[0]=v` / `a[0][b]=v` (stripe-node, stripe-python, stripe-ruby ≥ 3, stripe-php, stripe-go, stripe-java,
 * stripe-dotnet) and unindexed `a[]=v` / `a[][b]=v` (older stripe-ruby and stripe-php, the Stripe CLI's fixtures).
 * An empty value (`key=`) means "unset", which the routes interpret per parameter.
 *
 * Stripe's API decodes these the way Rack does (Stripe is a Ruby shop) [guess, consistent with every SDK's encoder]:
 * - `a[][b]=1&a[][c]=2&a[][b]=3` starts a new list element whenever the last one already has the key being set,
 *   giving `[{b:1,c:2},{b:3}]`;
 * - a plain key sent twice keeps the last value (`x=1&x=2` → `x=2`).
 * Indexed lists come out as arrays ordered by index (gaps closed); an index above ARRAY_LIMIT keeps the list an
 * object keyed by index, which `Params.list` still reads in index order.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = Record<string, FormValue>;

/** Parameters after this many are ignored (the old qs-based parser did the same). */
const PARAMETER_LIMIT = 5000;
/** Deeper keys keep their remaining brackets as part of the last key rather than nesting further. */
const MAX_DEPTH = 10;
/** Stripe allows lists of hundreds of items (line_items, expand[]). */
const ARRAY_LIMIT = 250;

interface Hash {
  [key: string]: Node;
}
type Node = string | Node[] | Hash;

/** Hashes made by an index segment (`a[0]`): turned into arrays once parsing is done. */
type Indexed = WeakSet<Hash>;

const INDEX = /^(?:0|[1-9]\d*)$/;

export function parseForm(text: string): FormParams {
  if (!text) return {};
  const root: Hash = {};
  const indexed: Indexed = new WeakSet();
  let count = 0;
  for (const piece of text.split('&')) {
    if (!piece) continue;
    if (++count > PARAMETER_LIMIT) break;
    const eq = piece.indexOf('=');
    const key = decode(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? '' : decode(piece.slice(eq + 1));
    const path = splitKey(key);
    if (path) assign(root, path, value, indexed);
  }
  return finish(root, indexed) as FormParams;
}

/** For fastify's querystringParser (it hands over the text after `?`). */
export function parseQuery(text: string): FormParams {
  return parseForm(text);
}

function decode(text: string): string {
  // Each run of escapes on its own, so that a stray `%` (not an escape) stays as sent instead of spoiling the rest.
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * `a[b][][0]` → ['a', 'b', '', '0'] ('' stands for `[]`). Text after the brackets stop pairing up stays literal in
 * the last segment; a key that starts with `[` is taken whole.
 */
function splitKey(key: string): string[] | null {
  const open = key.indexOf('[');
  if (open <= 0) return key ? [key] : null;
  const path = [key.slice(0, open)];
  const segment = /\[([^[\]]*)\]/y;
  segment.lastIndex = open;
  let rest = open;
  let match: RegExpExecArray | null;
  while (path.length <= MAX_DEPTH && (match = segment.exec(key))) {
    path.push(match[1]!);
    rest = segment.lastIndex;
  }
  if (rest < key.length) path[path.length - 1] += key.slice(rest);
  return path;
}

/** Own-property read, so that keys like `constructor` never see Object.prototype. */
function own(hash: Hash, key: string): Node | undefined {
  return Object.prototype.hasOwnProperty.call(hash, key) ? hash[key] : undefined;
}

function isHash(node: Node | undefined): node is Hash {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function newHash(segment: string, indexed: Indexed): Hash {
  const hash: Hash = {};
  if (INDEX.test(segment)) indexed.add(hash);
  return hash;
}

/** Sets `value` at `path` inside `parent` (Rack's normalize_params, plus index segments). */
function assign(parent: Hash, path: string[], value: string, indexed: Indexed): void {
  const [key, next, ...rest] = path as [string, string | undefined, ...string[]];
  if (key === '__proto__') return;
  if (next === undefined) {
    parent[key] = value;
    return;
  }
  if (next === '') {
    let list = own(parent, key);
    if (!Array.isArray(list)) parent[key] = list = [];
    if (rest.length === 0) {
      list.push(value);
      return;
    }
    // `a[][b]=…`: fill the last element unless it already has this key; then a new element begins.
    const last = list[list.length - 1];
    if (isHash(last) && !hasPath(last, rest)) {
      assign(last, rest, value, indexed);
    } else {
      const element = newHash(rest[0]!, indexed);
      list.push(element);
      assign(element, rest, value, indexed);
    }
    return;
  }
  let child = own(parent, key);
  if (!isHash(child)) {
    // A list made with `a[]=` then addressed by index (`a[1]=`): keep its elements under their positions.
    const hash = newHash(next, indexed);
    if (Array.isArray(child)) child.forEach((item, i) => (hash[String(i)] = item));
    parent[key] = child = hash;
  }
  assign(child, [next, ...rest], value, indexed);
}

/** Whether `hash` already holds a value at `path` (no `[]` inside: those always append). */
function hasPath(hash: Hash, path: string[]): boolean {
  let node: Node | undefined = hash;
  for (const segment of path) {
    if (segment === '' || !isHash(node)) return false;
    node = own(node, segment);
    if (node === undefined) return false;
  }
  return true;
}

/** Turns index-keyed hashes into arrays, recursively. */
function finish(node: Node, indexed: Indexed): Node {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map((item) => finish(item, indexed));
  const keys = Object.keys(node);
  const out: Hash = {};
  for (const key of keys) out[key] = finish(node[key]!, indexed);
  if (indexed.has(node) && keys.every((k) => INDEX.test(k) && Number(k) <= ARRAY_LIMIT)) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => out[k]!);
  }
  return out;
}
