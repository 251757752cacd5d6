// Shows enough of an API key to tell keys apart without revealing it.

/** "abcd…wxyz" for keys of 12 characters or more, "****" for anything shorter. */
export function maskKey(key: string): string {
  const chars = Array.from(key);
  if (chars.length < 12) return '****';
  return `${chars.slice(0, 4).join('')}…${chars.slice(-4).join('')}`;
}
