/**
 * A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"); a caller's name is typed
 * by whoever is on the phone, a product's by whoever keys in the catalog. Such cells get a leading apostrophe,
 * which spreadsheets show as text; Till's own import takes it off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const escapeFormula = (value: string | null): string =>
  value && FORMULA_START.test(value) ? `'${value}` : (value ?? '');

/** The cell as it was before escapeFormula: only an apostrophe in front of a formula start is taken off. */
export const unescapeFormula = (cell: string): string =>
  cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
