import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ownWork, startOwnWork, stopOwnWork, takeOwnTime } from '../src/own-time.js';

/** A clock that moves only when told: process.hrtime as own-time.ts calls it. */
let nowNs = 0;
const advance = (ms: number) => (nowNs += ms * 1e6);

beforeEach(() => {
  nowNs = 1e12;
  vi.spyOn(process, 'hrtime').mockImplementation(((prev?: [number, number]) => {
    const t = prev ? nowNs - (prev[0] * 1e9 + prev[1]) : nowNs;
    return [Math.floor(t / 1e9), t % 1e9];
  }) as typeof process.hrtime);
  takeOwnTime();
});
afterEach(() => vi.restoreAllMocks());

describe('own time', () => {
  it('adds up timed sections until taken, then starts from zero', () => {
    ownWork(() => advance(2));
    advance(50); // the hook's own work: not counted
    ownWork(() => advance(3));
    expect(takeOwnTime()).toBeCloseTo(0.005, 12);
    expect(takeOwnTime()).toBe(0);
  });

  it('counts a section inside another once', () => {
    ownWork(() => {
      advance(1);
      ownWork(() => advance(4));
      advance(1);
    });
    expect(takeOwnTime()).toBeCloseTo(0.006, 12);
  });

  it('includes the open section so far when taken, and keeps timing it', () => {
    const token = startOwnWork();
    advance(2);
    expect(takeOwnTime()).toBeCloseTo(0.002, 12);
    advance(3);
    stopOwnWork(token);
    expect(takeOwnTime()).toBeCloseTo(0.003, 12);
  });

  it('ends a section on a throw, and ignores stale or foreign tokens', () => {
    expect(() =>
      ownWork(() => {
        advance(1);
        throw new Error('x');
      }),
    ).toThrow('x');
    advance(10);
    const token = startOwnWork();
    expect(token).toBeDefined(); // not stuck in the thrown section
    advance(1);
    stopOwnWork(undefined);
    stopOwnWork([0, 0]);
    advance(1);
    stopOwnWork(token);
    stopOwnWork(token);
    advance(5);
    expect(takeOwnTime()).toBeCloseTo(0.003, 12);
  });
});
