import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import IORedis from 'ioredis';
import type { Model } from 'mongoose';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';
import { TASK, type TaskRecord } from '../tasks/task.schema';

/**
 * Applies one task's state to the index unless a newer revision of it was
 * applied: a pending task is added (set of ids by opening time, and its
 * fields), any other status removes it and leaves a tombstone with the
 * revision for TOMBSTONE_TTL_S, so a rebuild that read the task as pending a
 * moment before it was decided cannot bring it back.
 * KEYS: the sorted set, the hash of fields, the tombstone; ARGV: id, rev,
 * pending (1/0), opening time (ms), fields (JSON), tombstone TTL.
 */
const TRACK = `
local rev = tonumber(ARGV[2])
local tomb = redis.call('get', KEYS[3])
if tomb and tonumber(tomb) >= rev then return 0 end
local current = redis.call('hget', KEYS[2], ARGV[1])
if current and tonumber(cjson.decode(current).rev) > rev then return 0 end
if ARGV[3] == '1' then
  redis.call('zadd', KEYS[1], ARGV[4], ARGV[1])
  redis.call('hset', KEYS[2], ARGV[1], ARGV[5])
else
  redis.call('zrem', KEYS[1], ARGV[1])
  redis.call('hdel', KEYS[2], ARGV[1])
  redis.call('set', KEYS[3], rev, 'EX', ARGV[6])
end
return 1`;

const TOMBSTONE_TTL_S = 7 * 24 * 3600;

/** A pending task as the overdue figure needs it. */
export interface PendingTask {
  id: string;
  instanceId: string;
  definitionId: string;
  node: string;
  assignee: string;
  createdAt: number;
  rev: number;
}

/**
 * The tenant's pending tasks in Redis, kept by the task writer after every
 * write (TasksService), so the overdue figure reads the open work without
 * scanning the tasks collection (FerretDB v1 filters only `_id` in the
 * database). Derived state like the counters: trusted while the tenant's
 * counter epoch exists, rebuilt with them (FactCounters.rebuild).
 */
@Injectable()
export class PendingTasks {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
    @InjectModel(TASK) private readonly tasks: Model<TaskRecord>,
  ) {
    if (!('trackTask' in redis)) redis.defineCommand('trackTask', { lua: TRACK, numberOfKeys: 3 });
  }

  /** Applies the tasks' stored states (after a write, a rebuild, a seed). */
  async track(tasks: Array<Pick<TaskRecord, '_id' | 'tenantId' | 'instanceId' | 'definitionId' | 'node' | 'assignee' | 'createdAt'> & { status: string; rev?: number }>): Promise<void> {
    if (!tasks.length) return;
    const pipeline = this.redis.pipeline() as unknown as TrackTask & { exec(): Promise<Array<[Error | null, unknown]>> };
    for (const t of tasks) {
      const fields: PendingTask = { id: t._id, instanceId: t.instanceId, definitionId: t.definitionId, node: t.node, assignee: t.assignee, createdAt: new Date(t.createdAt).getTime(), rev: t.rev ?? 0 };
      pipeline.trackTask(this.key(t.tenantId, 'pending'), this.key(t.tenantId, 'pending-tasks'), this.key(t.tenantId, `closed:${t._id}`),
        t._id, fields.rev, t.status === 'pending' ? 1 : 0, fields.createdAt, JSON.stringify(fields), TOMBSTONE_TTL_S);
    }
    for (const [error] of await pipeline.exec()) if (error) throw error;
  }

  /** Applies the stored state of one task, by id (a read by `_id`, which FerretDB answers from its key). */
  async trackStored(id: string): Promise<void> {
    const stored = await this.tasks.findOne({ _id: id }).lean();
    if (stored) await this.track([stored]);
  }

  /** Every pending task of the tenant, oldest first (the caller has checked the tenant's epoch). */
  async all(tenantId: string): Promise<PendingTask[]> {
    const fields = await this.redis.hvals(this.key(tenantId, 'pending-tasks'));
    return fields.map((f) => JSON.parse(f) as PendingTask).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /** Re-reads the tenant's pending tasks from the database in one cursor pass (FactCounters.rebuild, under its lock). */
  async rebuild(tenantId: string): Promise<void> {
    let batch: TaskRecord[] = [];
    for await (const task of this.tasks.find({ tenantId, status: 'pending' }).lean().cursor({ batchSize: 500 })) {
      batch.push(task as TaskRecord);
      if (batch.length >= 500) {
        await this.track(batch);
        batch = [];
      }
    }
    await this.track(batch);
  }

  private key(tenantId: string, rest: string): string {
    return `${this.config.QUEUE_PREFIX}:agg:${tenantId}:${rest}`;
  }
}

/** The script as a command of the client (defineCommand). */
interface TrackTask {
  trackTask(...keysAndArgs: Array<string | number>): void;
}
