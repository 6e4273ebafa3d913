import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { INSTANCE, INSTANCE_SUMMARY, type InstanceRecord } from './instance.schema';

/** What other domains read of a request: its summary. */
export type InstanceSummary = Pick<InstanceRecord, '_id' | keyof typeof INSTANCE_SUMMARY>;

/** What a migration or a what-if reads of an instance. */
export type InstanceState = Pick<InstanceRecord, '_id' | 'serial' | 'status' | 'at' | 'snapshot' | 'version' | 'history' | 'createdBy'>;

const STATE = { serial: 1, status: 1, at: 1, snapshot: 1, version: 1, history: 1, createdBy: 1 } as const;
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

  /** Requests of one version still waiting (running or returned), oldest first. */
  waitingOn(tenantId: string, definitionId: string, version: number): Promise<InstanceState[]> {
    return this.instances.find({ tenantId, definitionId, version, status: { $in: ['running', 'returned'] } })
      .sort({ createdAt: 1, _id: 1 }).select(STATE).lean<InstanceState[]>().exec();
  }

  /** The state of some instances of a definition, by id. */
  states(tenantId: string, definitionId: string, ids: string[]): Promise<InstanceState[]> {
    return this.instances.find({ tenantId, definitionId, _id: { $in: ids } }).select(STATE).lean<InstanceState[]>().exec();
  }

  /** The latest `limit` requests of one version that completed or still run, newest first. */
  latestOf(tenantId: string, definitionId: string, version: number, limit: number): Promise<InstanceState[]> {
    return this.instances.find({ tenantId, definitionId, version, status: { $in: ['running', 'returned', 'completed'] } }).sort({ createdAt: -1, _id: 1 }).limit(limit).select(STATE).lean<InstanceState[]>().exec();
  }
}
