/** mulberry32: a tiny, fast, seedable PRNG. Deterministic test data, not cryptography. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  next(): number;
  int(min: number, maxExclusive: number): number;
  float(min: number, maxExclusive: number, decimals?: number): number;
  pick<T>(items: readonly T[]): T;
  uuid(): string;
  hex(length: number): string;
}

export function createRandom(seed: number): Random {
  const next = seededRandom(seed);
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length)
      out += Math.floor(next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  };
  return {
    next,
    int: (min, maxExclusive) => min + Math.floor(next() * (maxExclusive - min)),
    float: (min, maxExclusive, decimals = 2) => {
      const scale = 10 ** decimals;
      return Math.min(
        Math.floor((min + next() * (maxExclusive - min)) * scale) / scale,
        maxExclusive - 1 / scale,
      );
    },
    pick: (items) => items[Math.floor(next() * items.length)]!,
    uuid: () => {
      const h = hex(32);
      const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    hex,
  };
}
