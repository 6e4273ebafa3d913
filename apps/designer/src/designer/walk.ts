import { create } from 'zustand';

/** The simulator's walk, shown on the designer's canvas. */
export interface Walk {
  path: string[];
  active: string[];
  asked: Record<string, string[]>;
}

export const useWalk = create<{ walk: Walk | null; show(walk: Walk | null): void }>((set) => ({
  walk: null,
  show: (walk) => set({ walk }),
}));
