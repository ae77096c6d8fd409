/**
 * Typed access to qs-parsed parameters with Stripe's validation errors. `undefined` means "not sent", `null` means
 * "sent empty" (Stripe's way to unset a field). Names in errors use Stripe's bracket form, e.g.
 * `payment_method_options[card][moto]`.
 */
import {
  invalidBoolean,
  invalidEnum,
  invalidInteger,
  invalidRequest,
  invalidString,
  parameterMissing,
  parameterUnknown,
} from './errors';

type Raw = Record<string, unknown>;

/**
 * The boolean spellings Stripe's v1 API accepts: `true`/`false` (stripe-node, -ruby, -php, -go, -java, and
 * stripe-python / stripe-dotnet since April 2025) and `True`/`False` (earlier stripe-python, which sends
 * `str(True)`, e.g. Debian's 5.0.0, and earlier stripe-dotnet, which sent `bool.ToString()`; "v1 apis would accept
 * these or the lowercase versions", stripe-dotnet PR #3104 / stripe-python PR #1499).
 * Stripe refuses `1`/`0` ("Invalid boolean: 1", seen live by PHP shops whose `http_build_query` sends `1`) and
 * anything else, such as `yes`. Other capitalisations (`TRUE`) are refused too [guess].
 */
export function booleanLiteral(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === 'True') return true;
  if (value === false || value === 'false' || value === 'False') return false;
  return undefined;
}

export class Params {
  constructor(
    readonly raw: Raw,
    private readonly prefix = '',
  ) {}

  /** The full bracketed name of a member, for error messages. */
  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** Sent as `key=` (unset). */
  isEmpty(key: string): boolean {
    return this.raw[key] === '';
  }

  /** Refuse members that are not in `allowed` (Stripe: 400 parameter_unknown). */
  allowOnly(allowed: ReadonlySet<string> | readonly string[]): this {
    const set = allowed instanceof Set ? allowed : new Set(allowed as readonly string[]);
    for (const key of Object.keys(this.raw)) {
      if (!set.has(key)) throw parameterUnknown(this.name(key));
    }
    return this;
  }

  string(key: string, opts: { required?: boolean; maxLength?: number } = {}): string | null | undefined {
    const value = this.raw[key];
    if (value === undefined) {
      if (opts.required) throw parameterMissing(this.name(key));
      return undefined;
    }
    if (value === '') {
      if (opts.required) throw parameterMissing(this.name(key));
      return null;
    }
    if (typeof value !== 'string') throw invalidString(this.name(key));
    if (opts.maxLength !== undefined && value.length > opts.maxLength) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be at most ${opts.maxLength} characters`, {
        code: 'parameter_invalid_string',
        param: this.name(key),
      });
    }
    return value;
  }

  requiredString(key: string): string {
    return this.string(key, { required: true })!;
  }

  int(key: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | null | undefined {
    const value = this.raw[key];
    if (value === undefined || value === '') {
      if (opts.required) throw parameterMissing(this.name(key));
      return value === '' ? null : undefined;
    }
    if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw invalidInteger(this.name(key), value);
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw invalidInteger(this.name(key), value);
    if (opts.min !== undefined && n < opts.min) {
      throw invalidRequest(`This value must be greater than or equal to ${opts.min}.`, {
        code: 'parameter_invalid_integer',
        param: this.name(key),
      });
    }
    if (opts.max !== undefined && n > opts.max) {
      throw invalidRequest(`This value must be less than or equal to ${opts.max}.`, {
        code: 'parameter_invalid_integer',
        param: this.name(key),
      });
    }
    return n;
  }

  requiredInt(key: string, opts: { min?: number; max?: number } = {}): number {
    return this.int(key, { ...opts, required: true })!;
  }

  /** A boolean as any official SDK sends it (see `booleanLiteral`); anything else is Stripe's `Invalid boolean`. */
  bool(key: string): boolean | undefined {
    const value = this.raw[key];
    if (value === undefined || value === '') return undefined;
    const parsed = booleanLiteral(value);
    if (parsed === undefined) throw invalidBoolean(this.name(key), value);
    return parsed;
  }

  enum<T extends string>(key: string, allowed: readonly T[], opts: { required?: boolean } = {}): T | null | undefined {
    const value = this.string(key, opts);
    if (value === undefined || value === null) return value;
    if (!(allowed as readonly string[]).includes(value)) throw invalidEnum(this.name(key), value, allowed);
    return value as T;
  }

  /** A nested hash: a Params for it, `null` if sent empty, `undefined` if absent. */
  obj(key: string): Params | null | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalidRequest(`Invalid object`, { code: 'parameter_invalid_string', param: this.name(key) });
    }
    return new Params(value as Raw, this.name(key));
  }

  /** A list: qs gives an array for `a[0]=`/`a[]=` and an object for sparse indexes; both are accepted. */
  list(key: string): unknown[] | null | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (Array.isArray(value)) return value;
    if (typeof value === 'object') {
      return Object.keys(value as Raw)
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => (value as Raw)[k]);
    }
    // A single value where an array is expected (e.g. `expand=latest_charge`): Stripe reports an invalid array.
    throw invalidRequest('Invalid array', { code: 'parameter_invalid_array', param: this.name(key) });
  }

  stringList(key: string): string[] | null | undefined {
    const list = this.list(key);
    if (list === undefined || list === null) return list;
    return list.map((item, i) => {
      if (typeof item !== 'string') throw invalidString(`${this.name(key)}[${i}]`);
      return item;
    });
  }

  /** Params for each object in a list (e.g. `line_items[0][price]`). */
  objList(key: string): Params[] | null | undefined {
    const list = this.list(key);
    if (list === undefined || list === null) return list;
    return list.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw invalidRequest('Invalid object', {
          code: 'parameter_invalid_string',
          param: `${this.name(key)}[${i}]`,
        });
      }
      return new Params(item as Raw, `${this.name(key)}[${i}]`);
    });
  }
}

/**
 * Stripe metadata semantics: `metadata=` clears everything, `metadata[k]=` deletes k, other keys are set.
 * Returns the new metadata given the current one.
 */
export function applyMetadata(
  current: Record<string, string>,
  params: Params,
  key = 'metadata',
): Record<string, string> {
  if (!params.has(key)) return current;
  if (params.isEmpty(key)) return {};
  const nested = params.obj(key);
  if (!nested) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(nested.raw)) {
    if (v === '') delete next[k];
    else if (typeof v === 'string') {
      if (k.length > 40) {
        throw invalidRequest(`Invalid metadata: metadata keys must be at most 40 characters long.`, {
          param: `${params.name(key)}[${k}]`,
        });
      }
      if (v.length > 500) {
        throw invalidRequest(`Invalid metadata: metadata values must be at most 500 characters long.`, {
          param: `${params.name(key)}[${k}]`,
        });
      }
      next[k] = v;
    } else throw invalidString(`${params.name(key)}[${k}]`);
  }
  if (Object.keys(next).length > 50) {
    throw invalidRequest('Invalid metadata: metadata can have at most 50 keys.', { param: params.name(key) });
  }
  return next;
}
