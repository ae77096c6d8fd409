import { useTillQuery } from './use-till-query';
import { till } from './staff/till';

/**
 * The shop's currency, as set up: what amounts typed in the owner's forms are counted in (cents for CAD, yen for
 * JPY). Canadian dollars until main has answered, as Checkout assumes: the forms are empty by then.
 */
export function useShopCurrency(): string {
  const shop = useTillQuery(() => till.shop.get(), []);
  return shop.status === 'ready' ? shop.value.currency : 'CAD';
}
