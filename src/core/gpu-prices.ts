// The built-in price table for cost estimates: USD per GPU-second of Runpod Serverless workers,
// as published on 2026-06-08 (runpod-api.md 7.5). A job's estimate is its execution time times
// the price; start and idle time are billed to the worker, so the estimate leaves them out.

/** The date the table was read; shown with every estimate's documentation. */
export const PRICE_TABLE_DATE = '2026-06-08';

/** GPU name -> USD per GPU-second. Names are matched case-insensitively, spaces ignored. */
export const GPU_PRICES: Readonly<Record<string, number>> = {
  A4000: 0.00016,
  A4500: 0.00016,
  'RTX 4000': 0.00016,
  L4: 0.00019,
  A5000: 0.00019,
  '3090': 0.00019,
  '4090': 0.00031,
  A6000: 0.00034,
  A40: 0.00034,
  L40: 0.00053,
  L40S: 0.00053,
  '6000 Ada': 0.00053,
  A100: 0.00076,
  'RTX PRO 6000': 0.00111,
  H100: 0.00116,
  H200: 0.00155,
  B200: 0.0024,
};

const squash = (name: string) => name.replace(/[\s_-]+/g, '').toUpperCase();

/** The table's spelling of a GPU name, or undefined when the table does not know it. */
export function gpuName(name: string): string | undefined {
  const exact = squash(name);
  const wanted = squash(name.replace(/^RTX\s*(?=\d{4}$)/i, ''));
  return (
    Object.keys(GPU_PRICES).find((k) => squash(k) === exact) ??
    Object.keys(GPU_PRICES).find((k) => squash(k) === wanted)
  );
}

/** USD per second from the `price`, `gpu` and `gpu-count` settings; undefined when none is set. */
export function pricePerSecond(settings: { price?: unknown; gpu?: unknown; gpuCount?: unknown }): number | undefined {
  if (typeof settings.price === 'number' && Number.isFinite(settings.price) && settings.price >= 0)
    return settings.price;
  if (typeof settings.gpu !== 'string') return undefined;
  const name = gpuName(settings.gpu);
  if (name === undefined) return undefined;
  const count = typeof settings.gpuCount === 'number' && settings.gpuCount >= 1 ? settings.gpuCount : 1;
  return (GPU_PRICES[name] ?? 0) * count;
}

/** The estimated cost of `executionMs` of worker time, rounded to a millionth of a dollar. */
export function estimateCost(executionMs: number | undefined, usdPerSecond: number | undefined): number | undefined {
  if (executionMs === undefined || usdPerSecond === undefined) return undefined;
  return Math.round((executionMs / 1000) * usdPerSecond * 1e6) / 1e6;
}

/** `~$0.0012 (estimate)`: how every view shows a cost. */
export function formatCost(usd: number): string {
  const digits = usd >= 1 ? 2 : usd >= 0.01 ? 4 : 6;
  return `~$${usd.toFixed(digits)} (estimate)`;
}
