import { Controller, Get, Res, Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import type { Response } from 'express';
import { Reply, ValidQuery } from '../api/contract';
import { Actor, Roles, type Identity } from '../auth/identity';
import { AnalyticsService, type Filter } from './analytics.service';
import type { Metric } from './metric';
import { bottlenecks } from './metrics/bottlenecks.metric';
import { campaignFunnel } from './metrics/campaign-funnel.metric';
import { churnWarning } from './metrics/churn-warning.metric';
import { firstResponse } from './metrics/first-response.metric';
import { routingVolume } from './metrics/routing-volume.metric';
import { routingResponse } from './metrics/routing-response.metric';
import { sopSteps } from './metrics/sop-steps.metric';
import { cycleTime } from './metrics/cycle-time.metric';
import { overdueTasks } from './metrics/overdue.metric';
import { requestsOverTime } from './metrics/requests.metric';
import { responseTimes } from './metrics/response-times.metric';
import { toCsv, type Table } from './table';
import { Heavy } from '../auth/rate-limits';

const DAY_OR_INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
const Common = {
  from: Type.Optional(Type.String({ pattern: DAY_OR_INSTANT, description: 'from this date or instant (UTC), inclusive' })),
  to: Type.Optional(Type.String({ pattern: DAY_OR_INSTANT, description: 'until this instant, exclusive; a bare date takes in that whole day' })),
  department: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'this department and its subtree (the initiator\'s; for task figures see departmentOf)' })),
  definitionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json', description: 'csv: the table as a CSV file' }),
};
const DepartmentOf = Type.Union([Type.Literal('assignee'), Type.Literal('initiator')], { default: 'assignee', description: 'for task figures: whose department the department filter means' });
const Limit = (fallback: number, maximum: number) => Type.Integer({ minimum: 1, maximum, default: fallback });
const QueryOf = <P extends TProperties>(own: P) => Type.Object({ ...Common, ...own }, { additionalProperties: false });

const RequestsQuery = QueryOf({ interval: Type.Union([Type.Literal('day'), Type.Literal('week')], { default: 'day', description: 'week: ISO weeks, named by their Monday' }) });
const CycleTimeQuery = QueryOf({ by: Type.Union([Type.Literal('definition'), Type.Literal('node')], { default: 'definition' }), departmentOf: DepartmentOf });
const ResponseTimesQuery = QueryOf({ departmentOf: DepartmentOf });
const BottlenecksQuery = QueryOf({ limit: Limit(5, 100), departmentOf: DepartmentOf });
const OverdueQuery = QueryOf({
  olderThanHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 8760, description: 'also count pending tasks opened longer ago than this' })),
  limit: Limit(100, 1000),
});
const RoutingQuery = QueryOf({});
const CampaignFunnelQuery = QueryOf({});
const FirstResponseQuery = QueryOf({});
const RoutingResponseQuery = QueryOf({});
const SopStepsQuery = QueryOf({});
const ChurnQuery = QueryOf({
  days: Type.Integer({ minimum: 1, maximum: 3650, default: 30, description: 'no reply for this many days' }),
  limit: Limit(100, 1000),
});
const TableReply = Type.Object({
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]))),
  total: Type.Optional(Type.Integer({ minimum: 0, description: 'when rows are limited: how many there are in all' })),
  computedFrom: Type.Optional(Type.Union([Type.Literal('counters'), Type.Literal('facts'), Type.Literal('tasks')])),
}, { additionalProperties: false, description: 'one table (durations in milliseconds); with format=csv the same table as CSV' });
const Dashboard = () => Reply(TableReply, { media: 'json-or-csv' });

/**
 * Dashboards. Every answer is one table `{ columns, rows }` (durations in
 * milliseconds), or the same table as CSV with `format=csv`. Super admins see
 * the tenant; department admins what concerns the subtrees they administer.
 */
@ApiTags('analytics')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@Controller('api/v1/analytics')
@Roles('superAdmin', 'deptAdmin')
// a CSV export is heavy; the JSON a dashboard page draws from is not
@Heavy((request) => request.query?.format === 'csv')
export class AnalyticsController {
  constructor(@Inject(CLOCK) private readonly clock: Clock, private readonly analytics: AnalyticsService) {}

  @Get('requests')
  @Dashboard()
  @ApiOperation({ summary: 'Requests submitted and ended (completed, rejected, withdrawn, failed) per definition and day or week' })
  requests(@Actor() actor: Identity, @ValidQuery(RequestsQuery) q: Static<typeof RequestsQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'requests', q, actor, requestsOverTime, { interval: q.interval });
  }

  @Get('cycle-time')
  @Dashboard()
  @ApiOperation({ summary: 'Cycle time per definition (submitted to decided) or per node (task opened to decided): count, mean, median, p90' })
  cycleTime(@Actor() actor: Identity, @ValidQuery(CycleTimeQuery) q: Static<typeof CycleTimeQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, `cycle-time-by-${q.by}`, q, actor, cycleTime, { by: q.by });
  }

  @Get('response-times')
  @Dashboard()
  @ApiOperation({ summary: 'Per approver: tasks decided and time from task opened to decision (mean, median, p90)' })
  responseTimes(@Actor() actor: Identity, @ValidQuery(ResponseTimesQuery) q: Static<typeof ResponseTimesQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'response-times', q, actor, responseTimes, {});
  }

  @Get('bottlenecks')
  @Dashboard()
  @ApiOperation({ summary: 'The slowest nodes (p90) and the slowest approvers (median)' })
  bottlenecks(@Actor() actor: Identity, @ValidQuery(BottlenecksQuery) q: Static<typeof BottlenecksQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'bottlenecks', q, actor, bottlenecks, { limit: q.limit });
  }

  @Get('overdue')
  @Dashboard()
  @ApiOperation({ summary: 'Pending tasks past their node\'s deadline (escalateAfter / decideAfter) or older than olderThanHours, oldest first' })
  overdue(@Actor() actor: Identity, @ValidQuery(OverdueQuery) q: Static<typeof OverdueQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'overdue-tasks', q, actor, overdueTasks, { olderThanHours: q.olderThanHours, limit: q.limit, now: this.clock.now() });
  }

  @Get('routing')
  @Dashboard()
  @ApiOperation({ summary: 'Items routed per routing definition (team queue) and assignee: routed, open, closed' })
  routing(@Actor() actor: Identity, @ValidQuery(RoutingQuery) q: Static<typeof RoutingQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'routing', q, actor, routingVolume, {});
  }

  @Get('first-response')
  @Dashboard()
  @ApiOperation({ summary: 'Per SOP cadence: first responses, met or missed against the response target, and time to first response (mean, median, p90)' })
  firstResponse(@Actor() actor: Identity, @ValidQuery(FirstResponseQuery) q: Static<typeof FirstResponseQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'first-response', q, actor, firstResponse, {});
  }

  @Get('routing-response')
  @Dashboard()
  @ApiOperation({ summary: 'Per routing definition (queue) and team: first responses of the assignees, met or missed against the route\'s firstResponseTarget, time to first response (mean, median, p90)' })
  routingResponse(@Actor() actor: Identity, @ValidQuery(RoutingResponseQuery) q: Static<typeof RoutingResponseQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'routing-response', q, actor, routingResponse, {});
  }

  @Get('sop-steps')
  @Dashboard()
  @ApiOperation({ summary: 'Per SOP cadence and step: steps taken, on time (by their due time) and late, and how late (mean, p90)' })
  sopSteps(@Actor() actor: Identity, @ValidQuery(SopStepsQuery) q: Static<typeof SopStepsQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'sop-steps', q, actor, sopSteps, {});
  }

  @Get('campaign-funnel')
  @Dashboard()
  @ApiOperation({ summary: 'Per campaign and variant: recipients claimed, failed, capped; messages sent, replied, clicked. The department filter means the customers\' owners\' departments' })
  campaignFunnel(@Actor() actor: Identity, @ValidQuery(CampaignFunnelQuery) q: Static<typeof CampaignFunnelQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'campaign-funnel', q, actor, campaignFunnel, {});
  }

  @Get('churn')
  @Dashboard()
  @ApiOperation({ summary: 'Customers with no reply for `days` days (never replied first), with total' })
  churn(@Actor() actor: Identity, @ValidQuery(ChurnQuery) q: Static<typeof ChurnQuery>, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, 'churn-warning', q, actor, churnWarning, { days: q.days, limit: q.limit, now: this.clock.now() });
  }

  private async answer<Options>(res: Response, name: string, q: Filter & { format: 'json' | 'csv' }, actor: Identity, metric: Metric<Options>, options: Options): Promise<Table | string> {
    const table = await this.analytics.run(actor, metric, q, options);
    if (q.format === 'json') return table;
    res.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
    return toCsv(table);
  }
}
