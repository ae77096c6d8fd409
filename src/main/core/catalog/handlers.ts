/** The products the clerk picks from. */
import { defineHandlers } from '../ipc/handler-map';
import type { CatalogQueries } from './catalog-queries';

export const catalogHandlers = (catalog: CatalogQueries) =>
  defineHandlers({
    'catalog.list': (input) => catalog.list(input),
  });
