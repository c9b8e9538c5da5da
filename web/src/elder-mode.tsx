import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/**
 * 长辈版 (elder mode): large text, high contrast, one action per screen, plain words, no charts.
 * Switched in the header and remembered in this browser (localStorage), like the language. The
 * mode is set on <html data-mode="elder"> so the stylesheet scales everything from the root size;
 * pages that have an elder form of their own read it with useElderMode().
 */

interface ElderMode {
  elder: boolean;
  setElder(elder: boolean): void;
}

const ElderModeContext = createContext<ElderMode | undefined>(undefined);
export const ELDER_MODE_KEY = 'crossclaim.mode';

export function ElderModeProvider({ children }: { children: ReactNode }) {
  const [elder, setElder] = useState(() => localStorage.getItem(ELDER_MODE_KEY) === 'elder');
  useEffect(() => {
    localStorage.setItem(ELDER_MODE_KEY, elder ? 'elder' : 'standard');
    if (elder) document.documentElement.dataset.mode = 'elder';
    else delete document.documentElement.dataset.mode;
  }, [elder]);
  const value = useMemo(() => ({ elder, setElder }), [elder]);
  return <ElderModeContext.Provider value={value}>{children}</ElderModeContext.Provider>;
}

export function useElderMode(): ElderMode {
  const mode = useContext(ElderModeContext);
  if (!mode) throw new Error('useElderMode outside ElderModeProvider');
  return mode;
}
