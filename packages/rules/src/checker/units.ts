/** What a number means, so the checker can refuse "revenue + 5%" and convert "1,000" to cents. */
export type Unit = 'money' | 'percent' | 'count' | 'score' | 'number' | 'any';

export const unitWords: Record<Unit, string> = {
  money: 'money',
  percent: 'a percentage',
  count: 'a count',
  score: 'a score',
  number: 'a plain number',
  any: 'a goal',
};

/** True when values of the two units may be added, subtracted or compared. */
export function compatible(a: Unit, b: Unit): boolean {
  return a === b || a === 'number' || b === 'number' || a === 'any' || b === 'any';
}

/** The unit of a sum of two compatible units. */
export function joinUnits(a: Unit, b: Unit): Unit {
  if (a === 'any' || a === 'number') return b === 'any' ? a : b;
  return a;
}

/** The unit of a product (or "X of Y"); null when the product means nothing (money x money). */
export function multiplyUnits(a: Unit, b: Unit): Unit | null {
  if (a === 'number' || a === 'percent') return b === 'any' ? 'any' : b;
  if (b === 'number' || b === 'percent') return a;
  if (a === 'any' || b === 'any') return a === 'any' ? b : a;
  if (a === 'count' && b === 'money') return 'money';
  if (a === 'money' && b === 'count') return 'money';
  if (a === 'score' || b === 'score') return a === 'score' ? b : a;
  return null;
}

/** The unit of a quotient: like over like is a ratio (a percentage). */
export function divideUnits(a: Unit, b: Unit): Unit {
  if (b === 'number') return a;
  if (a === b || b === 'any' || a === 'any') return 'percent';
  if (b === 'percent') return a;
  if (b === 'count') return a;
  return 'percent';
}
