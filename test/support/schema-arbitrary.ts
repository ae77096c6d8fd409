/**
 * fast-check arbitraries read from a channel's input schema (zod → JSON Schema), so the fuzz follows the contract as
 * it changes: values that mostly pass validation (and so reach the staff gate, the PIN check and the handler), and
 * the same values with one field broken the way a bad renderer or a console would break it.
 */
import fc from 'fast-check';
import { z } from 'zod';

type Json = Record<string, unknown>;

/** Values for fields that name something in the order log, so a valid-looking input can find it (or just miss it). */
export type KnownValues = Partial<Record<string, fc.Arbitrary<unknown>>>;

/** Long enough to pass any `maxLength` of the contract but the CSV's; schema-valid strings stay short. */
const LONGEST_VALID_STRING = 60;

const isoDay = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

function stringArbitrary(schema: Json): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date') return isoDay;
  if (schema.format === 'email') return fc.emailAddress();
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? LONGEST_VALID_STRING, LONGEST_VALID_STRING);
  if (typeof schema.pattern === 'string') {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
    fc.string({ minLength, maxLength, unit: 'binary' }),
  );
}

function numberArbitrary(schema: Json): fc.Arbitrary<number> {
  const low = (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined);
  const min = low ?? -1_000_000_000;
  const max = (schema.maximum as number | undefined) ?? 1_000_000_000;
  const exclusive = schema.exclusiveMinimum !== undefined ? 1 : 0;
  return schema.type === 'integer'
    ? fc.integer({ min: min + exclusive, max })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function fromSchema(schema: Json, defs: Json, known: KnownValues, key: string | null): fc.Arbitrary<unknown> {
  if (key !== null && known[key]) return known[key];
  if (typeof schema.$ref === 'string') return fromSchema(defs[schema.$ref.split('/').pop()!] as Json, defs, known, key);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (branches) return fc.oneof(...branches.map((branch) => fromSchema(branch, defs, known, key)));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.max(minLength, Math.min((schema.maxItems as number | undefined) ?? 3, 3));
      return fc.array(fromSchema(schema.items as Json, defs, known, null), { minLength, maxLength });
    }
    case 'object': {
      const properties = Object.entries((schema.properties as Json | undefined) ?? {});
      const model = Object.fromEntries(
        properties.map(([name, property]) => [name, fromSchema(property as Json, defs, known, name)]),
      );
      return fc.record(model, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
    }
    default:
      return fc.anything();
  }
}

/** Inputs shaped by the schema: most pass zod (refinements such as "PIN typed twice" may still refuse some). */
export function schemaArbitrary(schema: z.ZodType, known: KnownValues = {}): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return fromSchema(json, (json.$defs as Json | undefined) ?? {}, known, null);
}
