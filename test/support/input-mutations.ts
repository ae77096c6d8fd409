/**
 * What a compromised renderer or a DevTools console can send on a channel: any value Electron's IPC carries
 * (structured clone: NaN, -0, BigInt, Dates, Maps, typed arrays, objects without a prototype — not only JSON), and a
 * valid input with one field broken.
 */
import fc from 'fast-check';

type Path = (string | number)[];

/** Card numbers as a clerk might type them into any text field. */
const CARD_NUMBERS = ['4242 4242 4242 4242', '4000002500003155', '5555-5555-5555-4444'];

/** Odd values, made fresh for each run so no run can change another's. */
const oddValue: fc.Arbitrary<unknown> = fc
  .constantFrom(
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => -0,
    () => undefined,
    () => null,
    () => 2 ** 53 + 2,
    () => -(2 ** 31),
    () => 0.5,
    () => '',
    () => ' ',
    () => '\u0000',
    () => '\ud800',
    () => true,
    () => [],
    () => ({}),
    () => 10n,
    () => new Date(NaN),
    () => new Date(0),
    () => new Map([['orderId', 'x']]),
    () => new Set(['x']),
    () => new Uint8Array([52, 50, 52, 50]),
    () => Object.create(null) as object,
    () => JSON.parse('{"__proto__":{"polluted":true}}') as object,
    () => Object.assign(Object.create(null) as object, { toString: 'x', valueOf: 1 }),
  )
  .map((make) => make());

function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** What takes the place of the field chosen: a wrong type, too long, out of range, a card number, deep nesting. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddValue },
  { weight: 2, arbitrary: fc.constantFrom(...CARD_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(100_001, 1_000_001).map((length) => '9'.repeat(length)) },
  { weight: 2, arbitrary: fc.string({ minLength: 101, maxLength: 400 }) },
  { weight: 2, arbitrary: fc.constantFrom(-1, 0, 1000, 1_000_000_000_000, Number.MAX_SAFE_INTEGER, 1e308, 1.0000001) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(50, 2_000, 20_000), fc.boolean()).map(([d, a]) => nested(d, a)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

export type Mutation =
  | { kind: 'replace'; with: unknown }
  | { kind: 'extraKey'; key: string; with: unknown }
  | { kind: 'deleteKey' }
  | { kind: 'appendText'; text: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: replacement.map((value) => ({ kind: 'replace' as const, with: value })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'staff', 'session', 'role', 'amount')),
        with: fc.oneof(oddValue, fc.jsonValue({ maxDepth: 2 })),
      })
      .map(({ key, with: value }) => ({ kind: 'extraKey' as const, key, with: value })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'deleteKey' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom(...CARD_NUMBERS.map((card) => ` card ${card}`)), fc.constant('x'.repeat(10_000)))
      .map((text) => ({ kind: 'appendText' as const, text })),
  },
);

function paths(value: unknown, at: Path = [], into: Path[] = []): Path[] {
  into.push(at);
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      paths(child, [...at, Array.isArray(value) ? Number(key) : key], into);
  }
  return into;
}

/** The input with one of its nodes (itself, a field, an array item) changed; `pick` chooses which. */
export function mutate(input: unknown, pick: number, change: Mutation): unknown {
  const root = { value: structuredClone(input) } as Record<string | number, unknown>;
  const all = paths(root.value, ['value']);
  const path = all[pick % all.length]!;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, root);
  const key = path[path.length - 1]!;
  const target = parent[key];
  switch (change.kind) {
    case 'replace':
      parent[key] = change.with;
      break;
    case 'extraKey':
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, change.key, { value: change.with, enumerable: true, configurable: true });
      } else parent[key] = { [change.key]: change.with };
      break;
    case 'deleteKey':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'appendText':
      parent[key] = typeof target === 'string' ? target + change.text : change.text;
      break;
  }
  return root.value;
}
