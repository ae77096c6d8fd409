/**
 * Fault injection for tests: latency, 429s, 500s, hung requests and dropped connections, each either before the
 * operation runs or after it committed (the "after" kinds are what create ambiguous outcomes for the client:
 * the payment happened but the answer never arrived). Decisions come from a seeded PRNG so failures reproduce.
 */
export const FAULT_KINDS = ['429', '500', '500_after', 'timeout', 'timeout_after', 'drop', 'drop_after'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  /** Added to every eligible request (ms). */
  latencyMs?: number;
  /** Probability (0..1) that an eligible request gets one of `kinds`. Default 1. */
  errorRate?: number;
  kinds?: FaultKind[];
  /** PRNG seed; the same seed and request sequence give the same faults. */
  seed?: number;
  /** Disarm after this many faults (latency-only configurations count requests). Default: unlimited. */
  count?: number;
  /** Path prefixes that are eligible (default: every /v1 path). */
  paths?: string[];
}

export interface FaultStatus {
  active: boolean;
  config: FaultConfig | null;
  injected: number;
}

export interface FaultDecision {
  latencyMs: number;
  kind: FaultKind | null;
}

/** Small, fast, seedable PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function validateFaultConfig(input: unknown): FaultConfig {
  if (typeof input !== 'object' || input === null) throw new TypeError('fault configuration must be an object');
  const c = input as Record<string, unknown>;
  const out: FaultConfig = {};
  const num = (k: string, min: number, max: number): number | undefined => {
    let v = c[k];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) v = Number(v);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new TypeError(`${k} must be a number between ${min} and ${max}`);
    }
    return v;
  };
  out.latencyMs = num('latencyMs', 0, 600_000);
  out.errorRate = num('errorRate', 0, 1);
  out.seed = num('seed', -(2 ** 31), 2 ** 32);
  out.count = num('count', 0, Number.MAX_SAFE_INTEGER);
  if (c.kinds !== undefined) {
    if (!Array.isArray(c.kinds)) throw new TypeError('kinds must be an array');
    for (const k of c.kinds) {
      if (!(FAULT_KINDS as readonly unknown[]).includes(k)) {
        throw new TypeError(`unknown fault kind ${JSON.stringify(k)}; use ${FAULT_KINDS.join(', ')}`);
      }
    }
    out.kinds = c.kinds as FaultKind[];
  }
  if (c.paths !== undefined) {
    if (!Array.isArray(c.paths) || c.paths.some((p) => typeof p !== 'string')) {
      throw new TypeError('paths must be an array of strings');
    }
    out.paths = c.paths as string[];
  }
  for (const k of Object.keys(out) as Array<keyof FaultConfig>) if (out[k] === undefined) delete out[k];
  return out;
}

export class Faults {
  private config: FaultConfig | null = null;
  private random: () => number = Math.random;
  private injected = 0;

  set(config: FaultConfig): void {
    this.config = config;
    this.random = mulberry32(config.seed ?? Date.now());
    this.injected = 0;
  }

  clear(): void {
    this.config = null;
  }

  status(): FaultStatus {
    return { active: this.config !== null, config: this.config, injected: this.injected };
  }

  /** Null when the request runs normally. */
  decide(path: string): FaultDecision | null {
    const c = this.config;
    if (!c) return null;
    if (c.paths && !c.paths.some((p) => path.startsWith(p))) return null;
    const kinds = c.kinds ?? [];
    let kind: FaultKind | null = null;
    if (kinds.length > 0 && this.random() < (c.errorRate ?? 1)) {
      kind = kinds[Math.floor(this.random() * kinds.length)] ?? null;
    }
    const latencyMs = c.latencyMs ?? 0;
    if (kind === null && latencyMs === 0) return null;
    if (kind !== null || kinds.length === 0) {
      this.injected++;
      if (c.count !== undefined && this.injected >= c.count) this.config = null;
    }
    return { latencyMs, kind };
  }
}
