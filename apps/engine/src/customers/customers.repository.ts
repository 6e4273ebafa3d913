import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
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

  /** The audience's customers, streamed `batchSize` at a time, without bookkeeping fields. */
  audience(tenantId: string, audience: Audience, batchSize: number) {
    return this.customers.find(audienceQuery(tenantId, audience)).select({ _id: 0, createdAt: 0, updatedAt: 0, createdBy: 0 }).batchSize(batchSize).lean().cursor();
  }
}
