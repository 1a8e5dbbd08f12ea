import { percentHundredths } from '@ecc/shared';

/** Figures are printed the Vietnamese way in both languages: "76.188.970", "70,09 %". */
export const NUMBER_LOCALE = 'vi-VN';

const integer = new Intl.NumberFormat(NUMBER_LOCALE, { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat(NUMBER_LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 76188970 → "76.188.970". */
export function formatInt(n: number): string {
  return integer.format(n);
}

/** "voted / registered" in vi-VN integers: "76.188.970 / 76.436.561". */
export function formatRatio(part: number, whole: number): string {
  return `${formatInt(part)} / ${formatInt(whole)}`;
}

/**
 * A share as the law prints it (§2.5): 2 decimals, half up, computed in integer hundredths by the shared rule
 * so the screen never disagrees with the official record. 53_571 / 76_436 → "70,09 %"; nothing registered → "0,00 %".
 */
export function formatPercent(numerator: number, denominator: number): string {
  return `${twoDecimals.format(percentHundredths(numerator, denominator) / 100)} %`;
}

/** A share already in percent, e.g. an interpolated reference value: 64.9 → "64,90 %". */
export function formatPct(pct: number): string {
  return `${twoDecimals.format(pct)} %`;
}
