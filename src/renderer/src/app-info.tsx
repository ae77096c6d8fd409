import { createContext, useContext, type ReactNode } from 'react';
import type { AppInfo } from '#shared/contract';
import { useTillQuery, type QueryState } from './use-till-query';
import { till } from './staff/till';

const AppInfoContext = createContext<QueryState<AppInfo>>({ status: 'loading' });

export function AppInfoProvider({ children }: { children: ReactNode }) {
  const state = useTillQuery(() => till.app.info(), []);
  return <AppInfoContext.Provider value={state}>{children}</AppInfoContext.Provider>;
}

export const useAppInfo = () => useContext(AppInfoContext);

/**
 * The shop's currency, as set up: what amounts typed in the owner's forms are counted in (cents for CAD, yen for
 * JPY). Canadian dollars until main has answered, as Checkout assumes: the forms are empty by then.
 */
export function useShopCurrency(): string {
  const info = useAppInfo();
  return info.status === 'ready' ? info.value.currency : 'CAD';
}
