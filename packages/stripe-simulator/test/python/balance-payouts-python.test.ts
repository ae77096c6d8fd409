/**
 * Stripe's Python SDK (Debian's python3-stripe 5.0.0) reads a day's balance transactions and the payouts that landed
 * that day (end-of-day/end_of_day.py): its `created[gte]`/`arrival_date[gte]` ranges, `payout=` and
 * `expand[]=data.source` encodings and auto-pagination work against the simulator, and the figures add up.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, pythonUnavailable, startSimulator } from './support-python';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'end-of-day', 'end_of_day.py');
const DAY = 86_400;
const unavailable = pythonUnavailable();
if (unavailable) console.warn(`Skipping the Python end-of-day check: ${unavailable}`);

interface Figures {
  charges: Array<{ id: string; type: string; amount: number; fee: number; net: number }>;
  payouts: Array<{
    id: string;
    amount: number;
    held: Array<{ type: string; net: number; source: string; source_object: string }>;
  }>;
  available: number;
}

describe.skipIf(unavailable !== null)("the Python SDK reads a day's fees, nets and payouts", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let stripe: Stripe;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, builtInPlugins: false, asyncDelayMs: 60_000 });
    stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http', telemetry: false });
  });
  afterAll(() => sim?.close());

  it('lists the charges of the day with their fees, and the payout that landed with what it holds', async () => {
    const amounts = [1000, 2000, 3000];
    const charges: string[] = [];
    for (const amount of amounts) {
      const pi = await stripe.paymentIntents.create({
        amount,
        currency: 'cad',
        confirm: true,
        payment_method: 'pm_card_visa',
        allowed_payment_method_types: ['card'],
      });
      charges.push(pi.latest_charge as string);
    }
    const payDay = Math.floor(sim.context.now() / DAY) * DAY;
    sim.admin.advanceClock(2 * DAY + 60);
    const [payout] = sim.admin.runPayouts();
    sim.admin.advanceClock(payout!.arrival_date - sim.context.now());

    // Asynchronously: the simulator answers from this process.
    const run = async (day: number): Promise<Figures> => {
      const out = await promisify(execFile)(PYTHON, [SCRIPT, sim.url, sim.keys.secret, String(day)], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(out.stderr).toBe('');
      return JSON.parse(out.stdout) as Figures;
    };
    const sales = await run(payDay);
    // 2.9% + 30¢ of 10.00, 20.00 and 30.00, newest first.
    expect(sales.charges.map((c) => [c.amount, c.fee, c.net])).toEqual([
      [3000, 117, 2883],
      [2000, 88, 1912],
      [1000, 59, 941],
    ]);
    expect(sales.payouts).toEqual([]);

    const landed = await run(payout!.arrival_date);
    expect(landed.charges).toEqual([]);
    expect(landed.payouts).toHaveLength(1);
    const [po] = landed.payouts;
    expect(po!.amount).toBe(2883 + 1912 + 941);
    const paid = po!.held.filter((h) => h.type !== 'payout');
    expect(paid.map((h) => h.source).sort()).toEqual([...charges].sort());
    expect(paid.every((h) => h.source_object === 'charge')).toBe(true);
    expect(paid.reduce((s, h) => s + h.net, 0)).toBe(po!.amount);
    expect(po!.held.find((h) => h.type === 'payout')).toMatchObject({ source: po!.id, source_object: 'payout' });
    expect(landed.available).toBe(0);
  });
});
