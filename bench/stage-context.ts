import type { ReferenceData } from '@ecc/shared';
import type { TurnoutStore } from '../server/src/store/turnout.store.js';
import type { Day } from './day.js';
import type { Target } from './report.js';
import type { NodeChild } from './stack.js';

/** What run.ts hands each later stage: the running system and how to record figures and notes. */
export interface StageContext {
  server: NodeChild;
  redisUrl: string;
  data: ReferenceData;
  day: Day;
  store: TurnoutStore;
  log: (s: string) => void;
  fig: (name: string, label: string, value: number, unit: string, target?: Target, ceiling?: number) => void;
  notes: string[];
  quiet: (what: string) => Promise<void>;
}

export const n = (x: number) => Math.round(x).toLocaleString('en');
