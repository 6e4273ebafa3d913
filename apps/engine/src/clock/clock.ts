import { Global, Module, type DynamicModule } from '@nestjs/common';

/**
 * Where the engine reads the time. Everything that stores, compares or
 * schedules by wall-clock time asks this, so a test can move time instead of
 * waiting for it. Elapsed-time measurements (latency, polling deadlines,
 * throttles, caches) keep reading the real time.
 */
export interface Clock {
  now(): Date;
  nowMs(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** A clock that stands still until moved: for tests. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.now()) {}

  now(): Date {
    return new Date(this.ms);
  }

  nowMs(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The clock for every module: the system's, unless the app was built with another. */
@Global()
@Module({})
export class ClockModule {
  static with(clock: Clock = systemClock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}
