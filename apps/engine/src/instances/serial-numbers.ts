import { Injectable } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import type { Definition } from '@baton/dsl';
import { Schema, type Model } from 'mongoose';
import { isDuplicateKey } from '../database/errors';
import { INSTANCE, type InstanceRecord } from './instance.schema';

export const SERIAL_COUNTER = 'SerialCounter';

/** The last number handed out for one tenant, prefix and year (`_id` = "tenant:PREFIX-YEAR-"). */
export interface SerialCounterRecord {
  _id: string;
  n: number;
}

const SerialCounterSchema = new Schema<SerialCounterRecord>({ _id: String, n: Number }, { collection: 'serial_counters', versionKey: false });

export const SerialCounterModel = MongooseModule.forFeature([{ name: SERIAL_COUNTER, schema: SerialCounterSchema }]);

/**
 * Readable request numbers: PREFIX-YEAR-000123, counted per tenant, prefix
 * and year by one atomic `$inc` on a counter document, so concurrent starts
 * never share a number. A counter that does not exist yet starts from the
 * highest number stored (`$max`), and the unique index on (tenantId, serial)
 * backs both.
 */
@Injectable()
export class SerialNumbers {
  constructor(
    @InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>,
    @InjectModel(SERIAL_COUNTER) private readonly counters: Model<SerialCounterRecord>,
  ) {}

  async next(tenantId: string, def: Pick<Definition, 'id' | 'serialPrefix'>, now: Date): Promise<string> {
    const prefix = def.serialPrefix ?? (def.id.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16) || 'REQ');
    const head = `${prefix}-${now.getUTCFullYear()}-`;
    const _id = `${tenantId}:${head}`;
    let counter = await this.counters.findOneAndUpdate({ _id }, { $inc: { n: 1 } }, { new: true }).lean();
    if (!counter) {
      const last = await this.instances.findOne({ tenantId, serial: { $regex: `^${head}` } }).sort({ serial: -1 }).select({ serial: 1 }).lean();
      await upsertIgnoringRace(() => this.counters.updateOne({ _id }, { $max: { n: last?.serial ? Number(last.serial.slice(head.length)) : 0 } }, { upsert: true }));
      counter = await this.counters.findOneAndUpdate({ _id }, { $inc: { n: 1 } }, { new: true }).lean();
    }
    return `${head}${String(counter!.n).padStart(6, '0')}`;
  }
}

/** Two first starts may both upsert the new counter; the loser's insert meets the primary key, and the winner's counter serves both. */
async function upsertIgnoringRace(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
