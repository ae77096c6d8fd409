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
