const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/**
 * The value of a Kubernetes resource quantity (`500m`, `2Gi`, `1.5`, `1e3`)
 * as a number (bytes for storage, cores for CPU). Throws on anything else.
 *
 * @public
 */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) {
    throw new Error(`'${quantity}' is not a Kubernetes quantity`);
  }
  const [, number, exponent, suffix = ''] = match;
  const value = Number(number);
  if (exponent) return value * 10 ** Number(exponent.slice(1));
  return value * (BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix]);
}

/** Negative when `a < b`, 0 when equal, positive when `a > b`. @public */
export function compareQuantities(
  a: string | number,
  b: string | number,
): number {
  return Math.sign(parseQuantity(a) - parseQuantity(b));
}
