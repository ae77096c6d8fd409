/**
 * Wires Till's Electron-free services together. Electron's main process and the browser preview both call
 * this once and then only talk to what it returns, so everything here runs (and is tested) in plain Node.
 */
import { join } from 'node:path';
import { createCatalogRepository } from './catalog/catalog-repository';
import { openDatabase, type Db } from './db/open';
import type { Handlers } from './ipc/dispatch';
import { createLogger, type Logger } from './log';
import { createOrdersRepository } from './orders/orders-repository';
import { priceCart } from './orders/pricing';
import { createTaxRepository } from './orders/tax-repository';
import { createPushHub, type PushHub } from './push/push-hub';
import { createSettingsRepository } from './settings/settings-repository';
import { modeForKeys, stripeKeysFromEnv } from './stripe-keys';
import type { Mode } from '../../shared/contract';

export interface TillConfig {
  /** Where the order log lives: Electron's userData folder, or TILL_DATA_DIR in the browser preview. */
  dataDir: string;
  version: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** What only the host can do (open windows). */
  shell: { openHistory(): { url: string | null } };
}

export interface Till {
  readonly db: Db;
  readonly mode: Mode;
  readonly handlers: Handlers;
  readonly push: PushHub;
  readonly log: Logger;
  close(): void;
}

export const DATABASE_FILE = 'till.sqlite';

export function createTill(config: TillConfig): Till {
  const log = config.logger ?? createLogger({ file: join(config.dataDir, 'logs', 'till.log') });
  const mode = modeForKeys(stripeKeysFromEnv(config.env ?? process.env));
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  const catalog = createCatalogRepository(db);
  const orders = createOrdersRepository(db);
  const settings = createSettingsRepository(db);
  const taxRates = createTaxRepository(db);
  const push = createPushHub();

  const handlers: Handlers = {
    'app.info': () => {
      const shop = settings.shop();
      return { version: config.version, mode, dataDir: config.dataDir, currency: shop.currency, shopName: shop.name };
    },
    'catalog.list': (input) => catalog.list(input),
    'orders.list': (input) => orders.list(input),
    'window.openHistory': () => config.shell.openHistory(),
    'checkout.quote': (cart) => priceCart(cart, catalog, taxRates.table(), settings.shop().currency),
  };

  log.info({ mode, dataDir: config.dataDir }, 'Till core started');
  return {
    db,
    mode,
    handlers,
    push,
    log,
    close() {
      db.close();
    },
  };
}
