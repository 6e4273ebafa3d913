import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { DomainError } from '../api/domain-error';
import { CAMPAIGN, type CampaignRecord } from './campaign.schema';

// A live sender renews its lease every HOLD_MS / 3; a killed one's lease lapses within HOLD_MS.
const HOLD_MS = 3_000;
const WAIT_MS = 20_000;

export class SenderBusy extends DomainError {
  constructor(campaignId: string) {
    super('conflict', `campaign "${campaignId}" is being sent by another worker`);
  }
}

/**
 * One sender per campaign at a time: a lease written on the campaign itself
 * with a guarded update (free, lapsed, or already ours), renewed while the
 * sender lives. Claims per recipient keep each message single anyway; the
 * lease keeps two workers from walking the same audience at once.
 */
@Injectable()
export class SenderLease {
  constructor(@InjectModel(CAMPAIGN) private readonly campaigns: Model<CampaignRecord>) {}

  /** Runs `send` holding the campaign's lease, waiting up to WAIT_MS for a lapsed or released one. */
  async hold<T>(tenantId: string, campaignId: string, send: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + WAIT_MS;
    while (!(await this.take(tenantId, campaignId, token))) {
      if (Date.now() > deadline) throw new SenderBusy(campaignId);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
    }
    const renewal = setInterval(() => void this.take(tenantId, campaignId, token).catch(() => undefined), HOLD_MS / 3);
    try {
      return await send();
    } finally {
      clearInterval(renewal);
      await this.campaigns.updateOne({ tenantId, id: campaignId, sender: token }, { $set: { sender: null, senderUntil: null } });
    }
  }

  private async take(tenantId: string, campaignId: string, token: string): Promise<boolean> {
    const now = new Date();
    const taken = await this.campaigns.updateOne(
      { tenantId, id: campaignId, $or: [{ sender: null }, { sender: token }, { senderUntil: { $lt: now } }] },
      { $set: { sender: token, senderUntil: new Date(now.getTime() + HOLD_MS) } },
    );
    // a campaign that does not exist is the sender's to report
    return taken.matchedCount === 1 || !(await this.campaigns.exists({ tenantId, id: campaignId }));
  }
}
