import { describe, expect, it } from 'vitest';
import { PayInput } from '#shared/contract';
import { timeOrderedId, timeOrderedIdAt } from '#shared/time-ordered-id';

describe('time-ordered ids (orders, payment attempts)', () => {
  it('sort in the order they were made, even many within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, timeOrderedId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('begin with the time they were made at', () => {
    const at = Date.UTC(2026, 11, 2, 9, 30);
    expect(timeOrderedIdAt(at).replace('-', '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
    expect(timeOrderedIdAt(at) < timeOrderedIdAt(at + 1)).toBe(true);
  });

  it('are UUIDs that main accepts as a checkout id', () => {
    const checkoutId = PayInput.shape.checkoutId;
    expect(checkoutId.safeParse(timeOrderedId()).success).toBe(true);
  });
});
