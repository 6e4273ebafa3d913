import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { compileRouting, evaluateRules, inWorkingHours, type CompiledRouter, type RouteTarget } from '@baton/dsl';
import type { Static } from '@sinclair/typebox';
import type { FilterQuery, Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DomainError, NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';
import { DefinitionsService } from '../definitions/definitions.service';
import { CustomersRepository, type CustomerRecord } from '../customers/customers.repository';
import { view as customerView } from '../customers/customers.service';
import { PeopleRepository } from '../org/people.repository';
import { PeopleService } from '../org/people.service';
import { ROUTING_DECISION, ROUTING_TURN, type RoutingDecisionRecord, type RoutingTurnRecord, type RuleTrace } from './decision.schema';
import type { DecideBody, DecisionListQuery } from './routing.dto';
import { ROUTING_FACTS, type RoutingFacts } from './routing.ports';
import { DomainEvents, type DomainEvent } from '../effects/domain-events.service';

type Item = Static<typeof DecideBody>['item'];

export class NotRoutable extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

const CACHE_SIZE = 200;

/**
 * Sends each inquiry to a person: the published rules in order, then the
 * rule's strategy among its candidates, or the fallback. Every decision is
 * stored with its explanation.
 *
 * Round-robin turns are one atomic `$inc` per (tenant, definition, rule):
 * fair across engine processes and restarts.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);
  private readonly routers = new Map<string, CompiledRouter>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(ROUTING_DECISION) private readonly decisions: Model<RoutingDecisionRecord>,
    private readonly customers: CustomersRepository,
    private readonly users: PeopleRepository,
    @InjectModel(ROUTING_TURN) private readonly turns: Model<RoutingTurnRecord>,
    @Inject(CONFIG) private readonly config: Config,
    private readonly definitions: DefinitionsService,
    private readonly people: PeopleService,
    @Inject(ROUTING_FACTS) private readonly facts: RoutingFacts,
    private readonly domainEvents: DomainEvents,
  ) {}

  /** Compiled once per published version. */
  async router(tenantId: string, definitionId: string, version?: number): Promise<{ router: CompiledRouter; version: number }> {
    const published = await this.definitions.published(tenantId, definitionId, version);
    if (published.definition.kind !== 'routing') throw new NotRoutable(`definition "${definitionId}" is a ${published.definition.kind} definition, not routing`);
    const key = `${tenantId}\u0000${definitionId}\u0000${published.version}`;
    let router = this.routers.get(key);
    if (!router) {
      router = compileRouting(published.definition);
      if (this.routers.size >= CACHE_SIZE) this.routers.delete(this.routers.keys().next().value!);
      this.routers.set(key, router);
    }
    return { router, version: published.version };
  }

  async decide(actor: Identity, definitionId: string, body: Static<typeof DecideBody>) {
    const { router, version } = await this.router(actor.tenantId, definitionId, body.version);
    const customer = body.customerId ? await this.customers.find(actor.tenantId, body.customerId) : null;
    if (body.customerId && !customer) throw new NotFound('customer', body.customerId);
    const at = body.at ? new Date(body.at) : this.clock.now();
    const choice = await this.choose(actor.tenantId, definitionId, router, body.item, customer, at);
    const record: RoutingDecisionRecord = {
      tenantId: actor.tenantId, id: randomUUID(), definitionId, version, item: JSON.stringify(body.item), customerId: customer?.id ?? null,
      assignee: choice.assignee, rule: choice.rule, strategy: choice.strategy,
      explanation: { rules: choice.trace, candidates: choice.candidates, reason: choice.reason },
      status: 'open', decidedBy: actor.userId, createdAt: this.clock.now(), closedAt: null,
      team: choice.target.type === 'user' ? null : choice.target.value, firstResponseAt: null, targetMs: router.firstResponseTargetMs,
    };
    // "an inquiry was opened" (SOP cadences start from it): recorded before the decision, handed over after it
    const opened: DomainEvent = { id: `inquiry.opened.${record.id}`, type: 'inquiry.opened', subject: record.id, data: { decisionId: record.id } };
    await this.domainEvents.intend(actor.tenantId, [opened]);
    await this.decisions.create(record);
    await this.domainEvents.dispatch(actor.tenantId, [opened]);
    return decisionView(record);
  }

  /** The pure part is in the dsl; here: who is available, and the strategy's state. */
  async choose(tenantId: string, definitionId: string, router: CompiledRouter, item: Item, customer: CustomerRecord | null, at: Date) {
    const data = { item, customer: customer ? customerView(customer) : null };
    const trace: RuleTrace[] = [];
    const open = !router.workingHours || inWorkingHours(router.workingHours, at);
    for (const { rule, matched } of evaluateRules(router, data)) {
      const entry: RuleTrace = { id: rule.id, matched };
      trace.push(entry);
      if (!matched) continue;
      if (!open) {
        entry.note = 'outside working hours';
        continue;
      }
      let candidates = await this.candidates(tenantId, router, rule.target);
      if (rule.strategy === 'skill') {
        const needed = [...rule.skills, ...(item.skills ?? [])];
        candidates = candidates.filter((c) => needed.every((s) => (router.skills[c] ?? []).includes(s)));
        if (candidates.length === 0) {
          entry.note = `nobody in ${describe(rule.target)} has the skills ${needed.join(', ')}`;
          continue;
        }
      }
      if (candidates.length === 0) {
        entry.note = `nobody available in ${describe(rule.target)}`;
        continue;
      }
      const pick = await this.pick(tenantId, definitionId, rule.id, rule.strategy, candidates, customer);
      return { assignee: pick.assignee, rule: rule.id, strategy: rule.strategy, target: rule.target, trace, candidates, reason: `rule "${rule.id}" matched; ${pick.reason}` };
    }
    const candidates = await this.candidates(tenantId, router, router.fallback);
    if (candidates.length === 0) throw new NotRoutable(`no rule decided and nobody is available in the fallback ${describe(router.fallback)}`);
    const pick = await this.pick(tenantId, definitionId, '(fallback)', 'round-robin', candidates, customer);
    const why = trace.some((t) => t.matched) ? 'no matching rule had anyone available' : 'no rule matched';
    return { assignee: pick.assignee, rule: null, strategy: 'fallback', target: router.fallback, trace, candidates, reason: `${why}; fallback ${describe(router.fallback)}: ${pick.reason}` };
  }

  private async candidates(tenantId: string, router: CompiledRouter, target: RouteTarget): Promise<string[]> {
    if (target.type === 'department') return (await this.people.members(tenantId, target.value, true)).users;
    if (target.type === 'role') return (await this.people.holdersOf(tenantId, target.value, undefined, target.department)).users;
    const ids = target.type === 'user' ? [target.value] : router.teams[target.value] ?? [];
    const set = new Set(await this.users.activeIds(tenantId, ids));
    return ids.filter((id) => set.has(id));
  }

  private async pick(tenantId: string, definitionId: string, ruleId: string, strategy: string, candidates: string[], customer: CustomerRecord | null) {
    if (strategy === 'sticky-owner' && customer?.owner && candidates.includes(customer.owner)) {
      return { assignee: customer.owner, reason: `sticky owner: ${customer.owner} owns customer ${customer.id}` };
    }
    if (strategy === 'least-open') {
      const counts = await Promise.all(candidates.map((c) => this.decisions.countDocuments({ tenantId, assignee: c, status: 'open' })));
      let best = 0;
      counts.forEach((n, i) => { if (n < counts[best]!) best = i; });
      return { assignee: candidates[best]!, reason: `least open items: ${candidates.map((c, i) => `${c} ${counts[i]}`).join(', ')} → ${candidates[best]}` };
    }
    const counted = await this.turns.findOneAndUpdate({ _id: `${tenantId}:${definitionId}:${ruleId}` }, { $inc: { n: 1 } }, { upsert: true, new: true }).lean();
    const turn = counted!.n;
    const assignee = candidates[(turn - 1) % candidates.length]!;
    const prefix = strategy === 'sticky-owner' ? `no owner among the candidates${customer?.owner ? ` (${customer.owner} is not)` : ''}, so ` : strategy === 'skill' ? 'skilled people by ' : '';
    return { assignee, reason: `${prefix}round-robin turn ${turn} over ${candidates.length} (${candidates.join(', ')}) → ${assignee}` };
  }

  /** A routing decision as stored, for the domains that start work from it (SOP cadences). */
  decisionRecord(tenantId: string, id: string): Promise<RoutingDecisionRecord | null> {
    return this.decisions.findOne({ tenantId, id }).lean();
  }

  async get(actor: Identity, id: string) {
    const record = await this.decisions.findOne({ tenantId: actor.tenantId, id }).lean();
    if (!record) throw new NotFound('routing decision', id);
    return decisionView(record);
  }

  async list(actor: Identity, q: Static<typeof DecisionListQuery>) {
    const query: FilterQuery<RoutingDecisionRecord> = { tenantId: actor.tenantId };
    if (q.definitionId) query.definitionId = q.definitionId;
    if (q.assignee) query.assignee = q.assignee;
    if (q.status) query.status = q.status;
    const [items, total] = await Promise.all([this.decisions.find(query).skip(q.offset).limit(q.limit).lean(), this.decisions.countDocuments(query)]);
    return { items: items.map(decisionView), total, limit: q.limit, offset: q.offset };
  }

  /** The assignee (or an admin) first responds to the item: timed against the route's first response target. Once; later calls change nothing. */
  async respond(actor: Identity, id: string) {
    await this.firstResponse(actor.tenantId, await this.assigned(actor, id, 'respond to'), this.clock.now());
    return this.get(actor, id);
  }

  /** The assignee (or an admin) closes the item; it no longer counts as open. Closing is a response, if none came before. */
  async close(actor: Identity, id: string) {
    const record = await this.assigned(actor, id, 'close');
    const now = this.clock.now();
    await this.decisions.updateOne({ tenantId: actor.tenantId, id, status: 'open' }, { $set: { status: 'closed', closedAt: now } });
    await this.firstResponse(actor.tenantId, record, now);
    return this.get(actor, id);
  }

  private async assigned(actor: Identity, id: string, what: string): Promise<RoutingDecisionRecord> {
    const record = await this.decisions.findOne({ tenantId: actor.tenantId, id }).lean();
    if (!record) throw new NotFound('routing decision', id);
    if (record.assignee !== actor.userId && !actor.roles.includes('superAdmin')) throw new DomainError('forbidden', `only the assignee or a super admin may ${what} this item`);
    return record;
  }

  /** The assignee answered the item another way: an SOP follow-up started by this inquiry was done. */
  async respondedByFollowUp(tenantId: string, id: string, at: Date): Promise<void> {
    const record = await this.decisions.findOne({ tenantId, id }).lean();
    if (record) await this.firstResponse(tenantId, record, at);
  }

  private async firstResponse(tenantId: string, record: RoutingDecisionRecord, at: Date): Promise<void> {
    if (!record.firstResponseAt) await this.decisions.updateOne({ tenantId, id: record.id, firstResponseAt: null }, { $set: { firstResponseAt: at } });
    const responded = await this.decisions.findOne({ tenantId, id: record.id }).lean();
    if (responded) await this.facts.recordRoutingResponse(responded);
  }
}

function describe(t: RouteTarget): string {
  return `${t.type} ${t.value}${t.department ? ` of department ${t.department}` : ''}`;
}

export function decisionView(d: RoutingDecisionRecord) {
  return {
    id: d.id, definitionId: d.definitionId, version: d.version, item: JSON.parse(d.item), customerId: d.customerId,
    assignee: d.assignee, rule: d.rule, strategy: d.strategy, explanation: d.explanation, status: d.status,
    decidedBy: d.decidedBy, createdAt: d.createdAt, closedAt: d.closedAt,
    team: d.team ?? null, firstResponse: { at: d.firstResponseAt ?? null, targetMs: d.targetMs ?? null },
  };
}
