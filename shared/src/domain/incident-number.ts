/**
 * Incident numbers a person can read over the phone: the province code, a dash, a counter per province (at
 * least 4 digits) and one Luhn check digit, e.g. `01-00427`. Digits only: nothing to confuse (O/0, I/1), easy to
 * say in Vietnamese; the check digit catches a misheard or mistyped digit or two swapped neighbours.
 */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function incidentNumber(province: string, counter: number): string {
  const n = String(counter).padStart(4, '0');
  return `${province}-${n}${luhnDigit(province + n)}`;
}

/** Whether a typed number is well formed and its check digit fits (before asking the server). */
export function isValidIncidentNumber(s: string): boolean {
  const m = /^(\d{2})-(\d{4,8})(\d)$/.exec(s.trim());
  return m !== null && luhnDigit(m[1]! + m[2]!) === Number(m[3]);
}
