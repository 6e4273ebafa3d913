import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { CUSTOMER, type CustomerRecord } from './customer.schema';
import { audienceQuery } from './customers.service';

export type { CustomerRecord } from './customer.schema';
import type { Audience } from '@baton/dsl';

/** The queries other domains make of customers (customers' own service keeps the model). */
@Injectable()
export class CustomersRepository {
  constructor(@InjectModel(CUSTOMER) private readonly customers: Model<CustomerRecord>) {}

  find(tenantId: string, id: string): Promise<CustomerRecord | null> {
    return this.customers.findOne({ tenantId, id }).lean();
  }

  many(tenantId: string, ids: string[]): Promise<CustomerRecord[]> {
    return this.customers.find({ tenantId, id: { $in: ids } }).lean();
  }

  /** How many customers a campaign's audience holds. */
  countAudience(tenantId: string, audience: Audience): Promise<number> {
    return this.customers.countDocuments(audienceQuery(tenantId, audience));
  }

  /** The ids of the customers these people own. */
  idsOwnedBy(tenantId: string, owners: string[]): Promise<string[]> {
    return this.customers.distinct('id', { tenantId, owner: { $in: owners } });
  }

  /**
   * Customers who have not replied since `cutoff` (or never replied and were
   * created before it), owned by `owners` when given: never replied first,
   * then the oldest reply, at most `limit`, with how many there are.
   */
  async quietSince(tenantId: string, cutoff: Date, owners: string[] | undefined, limit: number) {
    const match: FilterQuery<CustomerRecord> = {
      tenantId,
      $or: [{ repliedAt: { $lt: cutoff } }, { repliedAt: null, createdAt: { $lt: cutoff } }],
    };
    if (owners) match.owner = { $in: owners };
    const [found, total] = await Promise.all([
      this.customers.find(match).sort({ repliedAt: 1, createdAt: 1, id: 1 }).limit(limit).select({ id: 1, name: 1, owner: 1, repliedAt: 1, createdAt: 1 }).lean(),
      this.customers.countDocuments(match),
    ]);
    return { found, total };
  }

  /** The audience's customers, streamed `batchSize` at a time, without bookkeeping fields. */
  audience(tenantId: string, audience: Audience, batchSize: number) {
    return this.customers.find(audienceQuery(tenantId, audience)).select({ _id: 0, createdAt: 0, updatedAt: 0, createdBy: 0 }).batchSize(batchSize).lean().cursor();
  }
}
