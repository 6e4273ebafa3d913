import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { parseDuration, type ApprovalConfig } from '@baton/dsl';
import type { Model } from 'mongoose';
import { InvalidInput } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { DefinitionsService } from '../definitions/definitions.service';
import { PeopleRepository } from '../org/people.repository';
import { OutsideYourDepartments } from '../org/org.errors';
import { TasksRepository } from '../tasks/tasks.repository';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CustomersRepository } from '../customers/customers.repository';
import { RoutingRepository } from '../routing/routing.repository';
import { FactCounters } from './fact.counters';
import { FACT, type FactRecord } from './fact.schema';
import type { Metric, Sources } from './metric';
import type { Scope } from './scope';
import type { Table } from './table';

export interface Filter {
  from?: string;
  to?: string;
  department?: string;
  definitionId?: string;
  departmentOf?: 'initiator' | 'assignee';
}

/**
 * Runs dashboard metrics in the caller's scope: super admins see the tenant,
 * department admins the people and requests of the subtrees they administer
 * (a department they ask for must lie inside them).
 */
@Injectable()
export class AnalyticsService {
  private readonly sources: Sources;

  constructor(
    @InjectModel(FACT) facts: Model<FactRecord>,
    tasks: TasksRepository,
    private readonly people: PeopleRepository,
    private readonly definitions: DefinitionsService,
    routing: RoutingRepository,
    campaigns: CampaignsRepository,
    customers: CustomersRepository,
    private readonly counters: FactCounters,
  ) {
    this.sources = { facts, series: (scope, s) => counters.sourceOf(scope, s), tasks, routing, campaigns, customers, peopleIn: (scope) => this.peopleIn(scope), deadlineOf: (t, d, n) => this.deadlineOf(t, d, n) };
  }

  async run<Options>(actor: Identity, metric: Metric<Options>, filter: Filter, options: Options): Promise<Table> {
    const used: Array<'counters' | 'facts'> = [];
    const series: Sources['series'] = (scope, s) => {
      const source = this.counters.sourceOf(scope, s);
      used.push(source.from);
      return source;
    };
    const table = await metric({ ...this.sources, series }, await this.scopeOf(actor, filter), options);
    return used.length ? { ...table, computedFrom: used.every((from) => from === 'counters') ? 'counters' : 'facts' } : table;
  }

  private async scopeOf(actor: Identity, filter: Filter): Promise<Scope> {
    const from = filter.from ? instant(filter.from, 'from', false) : undefined;
    const to = filter.to ? instant(filter.to, 'to', true) : undefined;
    if (from && to && from >= to) throw new InvalidInput([{ pointer: '/query/to', message: 'must be after from' }]);
    const scope: Scope = { tenantId: actor.tenantId, from, to, definitionId: filter.definitionId, departmentOf: filter.departmentOf ?? 'assignee' };
    const superAdmin = actor.roles.includes('superAdmin');
    if (filter.department) {
      const department = await this.people.department(actor.tenantId, filter.department);
      if (!department) throw new InvalidInput([{ pointer: '/query/department', message: `no department "${filter.department}"` }]);
      if (!superAdmin && ![...department.ancestors, department.id].some((d) => actor.adminOf.includes(d))) throw new OutsideYourDepartments(`department "${department.id}"`);
      scope.departments = [department.id];
    } else if (!superAdmin) {
      scope.departments = actor.adminOf;
    }
    return scope;
  }

  private async peopleIn(scope: Scope): Promise<string[] | undefined> {
    if (!scope.departments) return undefined;
    return this.people.idsInDepartments(scope.tenantId, await this.people.subtreeOf(scope.tenantId, scope.departments));
  }

  private async deadlineOf(tenantId: string, definitionId: string, node: string): Promise<number | null> {
    const published = await this.definitions.published(tenantId, definitionId).catch(() => null);
    const config = published?.definition.nodes.find((n) => n.id === node)?.config as Pick<ApprovalConfig, 'deadlines'> | undefined;
    const after = [config?.deadlines?.escalateAfter, config?.deadlines?.decideAfter].map(parseDuration).filter((ms): ms is number => ms !== null);
    return after.length ? Math.min(...after) : null;
  }
}

/** A date or date-time; a bare date `to` takes in that whole (UTC) day. */
function instant(text: string, field: 'from' | 'to', endOfDay: boolean): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const at = new Date(dateOnly ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(at.getTime()) || (dateOnly && at.toISOString().slice(0, 10) !== text)) {
    throw new InvalidInput([{ pointer: `/query/${field}`, message: 'is not a real date' }]);
  }
  if (dateOnly && endOfDay) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}
