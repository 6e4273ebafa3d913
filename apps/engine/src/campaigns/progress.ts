import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';
import type { CampaignCounts } from './campaign.schema';

const KEEP_SECONDS = 30 * 86_400;

/**
 * Live counts of a campaign as Redis sets of customer ids (claimed, failed,
 * capped, sent/replied/clicked per variant). Adding is idempotent, so a
 * message re-sent after a crash counts once, and reading is one SCARD per
 * set instead of counting documents on every progress request. The database
 * stays the truth: the sender re-adds what it finds there when it (re)starts.
 */
@Injectable()
export class CampaignProgress {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  private key(campaignId: string, set: string): string {
    return `${this.config.QUEUE_PREFIX}:campaign:${campaignId}:${set}`;
  }

  async add(campaignId: string, set: string, customerIds: string[]): Promise<void> {
    if (customerIds.length === 0) return;
    const key = this.key(campaignId, set);
    for (let i = 0; i < customerIds.length; i += 5000) {
      await this.redis.pipeline().sadd(key, ...customerIds.slice(i, i + 5000)).expire(key, KEEP_SECONDS).exec();
    }
  }

  /** Adds one member; says whether it was new (a reply counted once). */
  async addOne(campaignId: string, set: string, customerId: string): Promise<boolean> {
    const key = this.key(campaignId, set);
    const [[, added]] = (await this.redis.pipeline().sadd(key, customerId).expire(key, KEEP_SECONDS).exec()) as [[unknown, number]];
    return added === 1;
  }

  async counts(campaignId: string, variants: string[]): Promise<CampaignCounts> {
    const sets = ['claimed', 'failed', 'capped', ...variants.flatMap((v) => [`sent:${v}`, `replied:${v}`, `clicked:${v}`])];
    const pipeline = this.redis.pipeline();
    for (const s of sets) pipeline.scard(this.key(campaignId, s));
    const values = ((await pipeline.exec()) ?? []).map(([, n]) => Number(n));
    const at = (name: string) => values[sets.indexOf(name)]!;
    return {
      claimed: at('claimed'), failed: at('failed'), capped: at('capped'),
      sent: Object.fromEntries(variants.map((v) => [v, at(`sent:${v}`)])),
      replied: Object.fromEntries(variants.map((v) => [v, at(`replied:${v}`)])),
      clicked: Object.fromEntries(variants.map((v) => [v, at(`clicked:${v}`)])),
    };
  }
}
