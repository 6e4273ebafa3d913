import type { Model } from 'mongoose';
import type { CampaignsRepository } from '../campaigns/campaigns.repository';
import type { CustomersRepository } from '../customers/customers.repository';
import type { RoutingRepository } from '../routing/routing.repository';
import type { TasksRepository } from '../tasks/tasks.repository';
import type { FactRecord } from './fact.schema';
import type { SeriesSource } from './fact.counters';
import type { Scope } from './scope';
import type { Series } from './series';
import type { Table } from './table';

/** What a metric may read. */
export interface Sources {
  facts: Model<FactRecord>;
  /** where the series' figures come from in the scope: its counters or its facts (see FactCounters.sourceOf) */
  series(scope: Scope, series: Series): SeriesSource;
  tasks: TasksRepository;
  routing: RoutingRepository;
  campaigns: CampaignsRepository;
  customers: CustomersRepository;
  /** the people of the scope's departments and their subtrees; undefined: no department filter */
  peopleIn(scope: Scope): Promise<string[] | undefined>;
  /** the node's deadline (the earlier of escalateAfter and decideAfter) in the latest published version, or null */
  deadlineOf(tenantId: string, definitionId: string, node: string): Promise<number | null>;
}

/**
 * One dashboard figure: a function from the scope and its own options to one
 * table. A new metric is a new file in metrics/ and a route in the controller.
 */
export type Metric<Options> = (sources: Sources, scope: Scope, options: Options) => Promise<Table>;
