// The price table and how a profile's price settings turn into USD per second and an estimate.
import { describe, expect, test } from 'vitest';
import { estimateCost, formatCost, gpuName, pricePerSecond } from '../../src/core/gpu-prices.js';

describe('gpuName', () => {
  test.each([
    ['H100', 'H100'],
    ['h100', 'H100'],
    ['l40s', 'L40S'],
    ['RTX 4090', '4090'],
    ['4090', '4090'],
    ['rtx 4000', 'RTX 4000'],
    ['rtx-pro-6000', 'RTX PRO 6000'],
    ['6000ada', '6000 Ada'],
    ['T4', undefined],
  ])('%s -> %s', (input, want) => {
    expect(gpuName(input)).toBe(want);
  });
});

describe('pricePerSecond', () => {
  test('price wins over gpu; gpu-count multiplies; nothing set is undefined', () => {
    expect(pricePerSecond({ price: 0.001, gpu: 'H100' })).toBe(0.001);
    expect(pricePerSecond({ gpu: 'A100' })).toBe(0.00076);
    expect(pricePerSecond({ gpu: 'H100', gpuCount: 4 })).toBeCloseTo(0.00464, 10);
    expect(pricePerSecond({})).toBeUndefined();
    expect(pricePerSecond({ gpu: 'unknown' })).toBeUndefined();
  });
});

describe('estimateCost', () => {
  test('execution seconds x price, to a millionth of a dollar; unknown without either', () => {
    expect(estimateCost(2500, 0.00116)).toBe(0.0029);
    expect(estimateCost(1234, 0.00031)).toBe(0.000383);
    expect(estimateCost(undefined, 0.001)).toBeUndefined();
    expect(estimateCost(1000, undefined)).toBeUndefined();
  });

  test('shown with its label', () => {
    expect(formatCost(0.000383)).toBe('~$0.000383 (estimate)');
    expect(formatCost(0.0412)).toBe('~$0.0412 (estimate)');
    expect(formatCost(12.5)).toBe('~$12.50 (estimate)');
  });
});
