import { describe, expect, it } from 'vitest';
import { areaAnomalies, unitAnomalies } from './counting-anomalies.js';
import { decideUnit } from './winners.js';

describe('§2.7 anomaly flags of counting records', () => {
  it('§2.7 invalid share far above the province: ≥ 5 % and more than 3× the province', () => {
    const province = { received: 10_000, invalid: 150 }; // 1.5 %
    expect(areaAnomalies({ received: 1000, invalid: 46, flags: [] }, province)).toEqual([]); // 4.6 %
    expect(areaAnomalies({ received: 1000, invalid: 50, flags: [] }, province)).toEqual(['INVALID_SHARE_HIGH']);
    expect(areaAnomalies({ received: 1000, invalid: 50, flags: [] }, { received: 100, invalid: 2 })).toEqual([]);
    expect(areaAnomalies({ received: 0, invalid: 0, flags: [] }, province)).toEqual([]);
  });
  it('§2.7 record flags carried: one candidate only, changed after confirmation', () => {
    const flags = ['ONE_CANDIDATE_ONLY', 'CHANGED_AFTER_CONFIRMATION', 'ISSUED_NE_VOTED'];
    expect(areaAnomalies({ received: 10, invalid: 0, flags }, { received: 10, invalid: 0 })).toEqual([
      'ONE_CANDIDATE_ONLY',
      'CHANGED_AFTER_CONFIRMATION',
    ]);
  });
  it('§2.8 units near the 50 % lines', () => {
    const t = { contest: 'na' as const, seats: 1, received: 100, valid: 100, invalid: 0 };
    const c = (votes: number) => [{ id: 'c-a', votes, birthDate: '1970-01-01' }];
    expect(unitAnomalies(decideUnit({ ...t, listed: 1000, voted: 520, candidates: c(90) }))).toEqual([
      'TURNOUT_NEAR_HALF',
    ]);
    expect(unitAnomalies(decideUnit({ ...t, listed: 1000, voted: 521, candidates: c(51) }))).toEqual([
      'WINNER_NEAR_HALF',
    ]);
    expect(unitAnomalies(decideUnit({ ...t, listed: 1000, voted: 900, candidates: c(52) }))).toEqual([]);
  });
});
