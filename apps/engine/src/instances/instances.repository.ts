import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { INSTANCE, INSTANCE_SUMMARY, type InstanceRecord } from './instance.schema';

/** What other domains read of a request: its summary. */
export type InstanceSummary = Pick<InstanceRecord, '_id' | keyof typeof INSTANCE_SUMMARY>;

/** The key under which an event's consumers share the summary (see EffectHandlers). */
export const SUMMARY_KEY = 'instance';

/** What the summary looks like after a write: the caller's document with the new state; history only the event's own lines. */
export function summaryAfter(doc: Omit<InstanceSummary, 'history'>, entries: InstanceSummary['history']): InstanceSummary {
  return { _id: doc._id, serial: doc.serial, title: doc.title, status: doc.status, definitionId: doc.definitionId, version: doc.version, createdBy: doc.createdBy,
    createdAt: doc.createdAt, updatedAt: doc.updatedAt, history: entries };
}

/** A summary that travelled as JSON (in a job), with its dates again. */
export function revivedSummary(json: InstanceSummary): InstanceSummary {
  return { ...json, createdAt: new Date(json.createdAt), updatedAt: new Date(json.updatedAt), history: json.history.map((h) => ({ ...h, at: new Date(h.at), ...(h.taskOpenedAt ? { taskOpenedAt: new Date(h.taskOpenedAt) } : {}) })) };
}

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
    return shared ? shared(SUMMARY_KEY, read) : read();
  }
}
