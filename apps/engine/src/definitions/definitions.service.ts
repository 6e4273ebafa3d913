import { Injectable, Inject, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { compile, validate, type Definition, type InstanceMachine, type Problem } from '@baton/dsl';
import type { Model } from 'mongoose';
import { InvalidInput, NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { NodeTypesService } from '../node-types/node-types.service';
import { DefinitionExists, DefinitionNotPublishable, NotPublished } from './definition.errors';
import { definitionOf, DRAFT, storableProblems, storedForm, VERSION, type DraftRecord, type VersionRecord } from './definition.schema';
import { isDuplicateKey } from '../database/errors';

export interface PublishedVersion {
  definitionId: string;
  version: number;
  definition: Definition;
  machine: InstanceMachine;
}

const MACHINE_CACHE_SIZE = 500;

/** A domain's own rule for publishing (e.g. campaigns: the tenant's sensitive words); problems block it. */
export type PublishCheck = (tenantId: string, definition: Definition) => Promise<Problem[]>;
/** Told after a version was written (e.g. SOP cadences: what listens to triggers changed). */
export type PublishListener = (tenantId: string, definition: Definition) => void;

@Injectable()
export class DefinitionsService {
  /** Compiled machines of immutable versions: code, never instance state. */
  private readonly machines = new Map<string, PublishedVersion>();
  private readonly publishChecks: PublishCheck[] = [];
  private readonly publishListeners: PublishListener[] = [];
  private readonly logger = new Logger(DefinitionsService.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(DRAFT) private readonly drafts: Model<DraftRecord>,
    @InjectModel(VERSION) private readonly versions: Model<VersionRecord>,
    private readonly nodeTypes: NodeTypesService,
  ) {}

  addPublishCheck(check: PublishCheck): void {
    this.publishChecks.push(check);
  }

  onPublished(listener: PublishListener): void {
    this.publishListeners.push(listener);
  }

  validate(definition: unknown): Problem[] {
    return validate(definition, this.nodeTypes.registry);
  }

  async create(actor: Identity, body: Record<string, unknown>) {
    try {
      await this.drafts.create(this.draftFields(actor, body));
    } catch (error) {
      if (isDuplicateKey(error)) throw new DefinitionExists(String(body.id));
      throw error;
    }
    return this.get(actor, String(body.id));
  }

  async save(actor: Identity, id: string, body: Record<string, unknown>) {
    if (body.id !== id) throw new InvalidInput([{ pointer: '/body/id', message: `must equal the id in the path ("${id}")` }]);
    const { createdBy, ...fields } = this.draftFields(actor, body);
    await this.drafts.updateOne(
      { tenantId: actor.tenantId, definitionId: id },
      { $set: fields, $setOnInsert: { createdBy, latestVersion: 0 } },
      { upsert: true },
    );
    return this.get(actor, id);
  }

  async get(actor: Identity, id: string) {
    const draft = await this.findDraft(actor.tenantId, id);
    const definition = definitionOf(draft);
    return { ...summary(draft), definition, problems: this.validate(definition) };
  }

  async list(actor: Identity, filter: { kind?: string; limit: number; offset: number }) {
    const query = { tenantId: actor.tenantId, ...(filter.kind ? { kind: filter.kind } : {}) };
    const [items, total] = await Promise.all([
      this.drafts.find(query).sort({ definitionId: 1 }).skip(filter.offset).limit(filter.limit).lean(),
      this.drafts.countDocuments(query),
    ]);
    return { items: items.map(summary), total, limit: filter.limit, offset: filter.offset };
  }

  async problemsOf(actor: Identity, id: string): Promise<Problem[]> {
    const draft = await this.findDraft(actor.tenantId, id);
    return this.validate(definitionOf(draft));
  }

  /** Publishes the draft as the next immutable version. */
  async publish(actor: Identity, id: string, note = '') {
    const draft = await this.findDraft(actor.tenantId, id);
    const definition = definitionOf(draft) as unknown as Definition;
    const problems = this.validate(definition);
    if (problems.length === 0) for (const check of this.publishChecks) problems.push(...(await check(actor.tenantId, definition)));
    if (problems.length > 0) throw new DefinitionNotPublishable(id, problems);
    for (let attempt = 0; ; attempt++) {
      const latest = await this.versions.findOne({ tenantId: actor.tenantId, definitionId: id }).sort({ version: -1 }).select({ version: 1 }).lean();
      const version = (latest?.version ?? 0) + 1;
      let record;
      try {
        // the unique index on (tenant, definition, version) settles two publishers at once
        record = await this.versions.create({
          tenantId: actor.tenantId, definitionId: id, version, name: definition.name, kind: definition.kind,
          definition: storedForm(definitionOf(draft)), note, publishedBy: actor.userId, publishedAt: this.clock.now(),
        });
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= 4) throw error;
        continue;
      }
      await this.drafts.updateOne({ tenantId: actor.tenantId, definitionId: id }, { $max: { latestVersion: version } });
      // once written, never inside the retry: a listener is told of a version that exists, and its failure is not
      // a failed publish (the version is there)
      for (const listener of this.publishListeners) {
        try {
          listener(actor.tenantId, definition);
        } catch (error) {
          this.logger.error(`a publish listener failed for ${actor.tenantId}/${id} v${version}: ${String(error)}`);
        }
      }
      return versionView(record.toObject());
    }
  }

  async listVersions(actor: Identity, id: string) {
    await this.findDraft(actor.tenantId, id);
    const items = await this.versions.find({ tenantId: actor.tenantId, definitionId: id }).sort({ version: -1 }).select({ source: 0, definition: 0 }).lean();
    return { items: items.map((v) => ({ ...versionView(v), definition: undefined })) };
  }

  async getVersion(actor: Identity, id: string, version: number) {
    const record = await this.versions.findOne({ tenantId: actor.tenantId, definitionId: id, version }).lean();
    if (!record) throw new NotFound('version', `${id}@${version}`);
    return versionView(record);
  }

  /** The published version to run: the given one, or the latest. */
  async published(tenantId: string, id: string, version?: number): Promise<PublishedVersion> {
    const query = { tenantId, definitionId: id, ...(version ? { version } : {}) };
    const record = version
      ? await this.versions.findOne(query).select({ version: 1 }).lean()
      : await this.versions.findOne(query).sort({ version: -1 }).select({ version: 1 }).lean();
    if (!record) {
      if (version) throw new NotFound('version', `${id}@${version}`);
      const draft = await this.drafts.exists({ tenantId, definitionId: id });
      if (!draft) throw new NotFound('definition', id);
      throw new NotPublished(id);
    }
    return this.machineFor(tenantId, id, record.version);
  }

  async machineFor(tenantId: string, id: string, version: number): Promise<PublishedVersion> {
    const key = `${tenantId}\u0000${id}\u0000${version}`;
    const cached = this.machines.get(key);
    if (cached) return cached;
    const record = await this.versions.findOne({ tenantId, definitionId: id, version }).lean();
    if (!record) throw new NotFound('version', `${id}@${version}`);
    const definition = definitionOf(record) as unknown as Definition;
    const entry = { definitionId: id, version, definition, machine: compile(definition, this.nodeTypes.registry) };
    if (this.machines.size >= MACHINE_CACHE_SIZE) this.machines.delete(this.machines.keys().next().value!);
    this.machines.set(key, entry);
    return entry;
  }

  private async findDraft(tenantId: string, id: string): Promise<DraftRecord> {
    const draft = await this.drafts.findOne({ tenantId, definitionId: id }).lean();
    if (!draft) throw new NotFound('definition', id);
    return draft;
  }

  private draftFields(actor: Identity, body: Record<string, unknown>) {
    const { $schema: _ignored, ...definition } = body;
    const unstorable = storableProblems(definition);
    if (unstorable.length > 0) throw new InvalidInput(unstorable.map((p) => ({ ...p, pointer: `/body${p.pointer}` })), 'the definition cannot be stored');
    return {
      tenantId: actor.tenantId,
      definitionId: String(body.id),
      name: typeof body.name === 'string' && body.name ? body.name : String(body.id),
      kind: typeof body.kind === 'string' ? body.kind : 'approval',
      category: typeof body.category === 'string' ? body.category : null,
      definition: storedForm(definition),
      problemCount: this.validate(definition).length,
      updatedBy: actor.userId,
      createdBy: actor.userId,
    };
  }
}

function summary(d: DraftRecord) {
  return {
    id: d.definitionId, name: d.name, kind: d.kind, category: d.category, latestVersion: d.latestVersion,
    description: typeof d.definition?.description === 'string' ? d.definition.description : null,
    problemCount: d.problemCount, updatedAt: d.updatedAt, updatedBy: d.updatedBy,
  };
}

function versionView(v: VersionRecord) {
  return {
    id: v.definitionId, version: v.version, name: v.name, kind: v.kind, note: v.note,
    publishedAt: v.publishedAt, publishedBy: v.publishedBy,
    definition: v.definition || v.source ? (definitionOf(v) as unknown as Definition) : undefined,
  };
}
