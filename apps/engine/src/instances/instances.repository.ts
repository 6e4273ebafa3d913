import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { INSTANCE, INSTANCE_SUMMARY, type InstanceRecord } from './instance.schema';

/** What other domains read of a request: its summary. */
export type InstanceSummary = Pick<InstanceRecord, '_id' | keyof typeof INSTANCE_SUMMARY>;

/** The queries other domains make of instances (instances' own services keep the model). */
@Injectable()
export class InstancesRepository {
  constructor(@InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>) {}

  /**
   * Serial, title, status, who started it, when, and its history: what a
   * notification or a fact needs. With an event's `shared` (see
   * EffectHandlers) it is read once for all of the event's consumers.
   */
  summary(tenantId: string, instanceId: string, shared?: <T>(key: string, load: () => Promise<T>) => Promise<T>): Promise<InstanceSummary | null> {
    const read = () => this.instances.findOne({ _id: instanceId, tenantId }).select(INSTANCE_SUMMARY).lean<InstanceSummary>().exec();
    return shared ? shared('instance', read) : read();
  }
}
