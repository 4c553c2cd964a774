import { compareQuantities, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['2Gi', 2 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['500m', 0.5],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['10G', 1e10],
    [3, 3],
  ])('parses %s', (quantity, value) => {
    expect(parseQuantity(quantity)).toBeCloseTo(value);
  });

  it('refuses what is not a quantity', () => {
    expect(() => parseQuantity('lots')).toThrow(
      "'lots' is not a Kubernetes quantity",
    );
  });

  it('compares across units', () => {
    expect(compareQuantities('200Gi', '50Gi')).toBe(1);
    expect(compareQuantities('1Ti', '1024Gi')).toBe(0);
    expect(compareQuantities('1G', '1Gi')).toBe(-1);
  });
});
