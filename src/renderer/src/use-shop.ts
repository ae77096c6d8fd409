import type { ShopDetails } from '#shared/contract';
import { useTillQuery } from './use-till-query';
import { till } from './staff/till';

/** The shop's details as set up (name, address, tax numbers, currency); null until main has answered. */
export function useShop(): ShopDetails | null {
  const shop = useTillQuery(() => till.shop.get(), []);
  return shop.status === 'ready' ? shop.value : null;
}

/**
 * The shop's currency: what amounts typed in the owner's forms are counted in (cents for CAD, yen for JPY). Canadian
 * dollars until main has answered, as Checkout assumes: the forms are empty by then.
 */
export function useShopCurrency(): string {
  return useShop()?.currency ?? 'CAD';
}
