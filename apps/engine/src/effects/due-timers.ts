import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { promoteDue, TIMERS_QUEUE, type TimerJob } from './queues';

/**
 * Timers are BullMQ delayed jobs, and BullMQ counts their delay in Redis
 * time. Each timer job also carries when it is due by the engine's clock, so
 * when that clock is moved (a test skipping two days), the timers it passed
 * can be fired at once: they are promoted and run by the timers worker like
 * any other. On the system clock both times agree and nothing calls this.
 */
@Injectable()
export class DueTimers {
  constructor(
    @InjectQueue(TIMERS_QUEUE) private readonly timers: Queue<TimerJob>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Promotes every waiting timer due by the clock; answers how many. */
  fireDue(): Promise<number> {
    return promoteDue(this.timers, this.clock.nowMs());
  }
}
