import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { VERSION, type VersionRecord } from './definition.schema';

/** The queries other domains make of published versions (definitions' own service keeps the model). */
@Injectable()
export class VersionsRepository {
  constructor(@InjectModel(VERSION) private readonly versions: Model<VersionRecord>) {}

  /** Every published version of the tenant's definitions of one kind (e.g. the SOP cadences), without their content. */
  ofKind(tenantId: string, kind: VersionRecord['kind']): Promise<Array<Pick<VersionRecord, 'definitionId' | 'version'>>> {
    return this.versions.find({ tenantId, kind }).select({ definitionId: 1, version: 1 }).lean();
  }
}
