import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { ROUTING_DECISION } from './decision.schema';
import type { RoutingDecisionRecord } from './routing.types';

/** Items routed to one assignee by one routing definition: how many, and how many are still open. */
export type RoutedVolume = { definitionId: string; assignee: string; routed: number; open: number; closed: number };

/** The queries other domains make of routing decisions (routing's own service keeps the model). */
@Injectable()
export class RoutingRepository {
  constructor(@InjectModel(ROUTING_DECISION) private readonly decisions: Model<RoutingDecisionRecord>) {}

  /**
   * Items routed in the period (createdAt in [from, to)), of one definition
   * and to some assignees when given, grouped by definition and assignee:
   * by definition, the busiest first.
   */
  async volume(filter: { tenantId: string; from?: Date; to?: Date; definitionId?: string; assignees?: string[] }): Promise<RoutedVolume[]> {
    const match: FilterQuery<RoutingDecisionRecord> = { tenantId: filter.tenantId };
    if (filter.from || filter.to) match.createdAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    if (filter.definitionId) match.definitionId = filter.definitionId;
    if (filter.assignees) match.assignee = { $in: filter.assignees };
    const open = { $eq: ['$status', 'open'] };
    const groups = await this.decisions.aggregate<{ _id: { definitionId: string; assignee: string }; routed: number; open: number; closed: number }>([
      { $match: match },
      {
        $group: {
          _id: { definitionId: '$definitionId', assignee: '$assignee' },
          routed: { $sum: 1 }, open: { $sum: { $cond: [open, 1, 0] } }, closed: { $sum: { $cond: [open, 0, 1] } },
        },
      },
      { $sort: { '_id.definitionId': 1, routed: -1, '_id.assignee': 1 } },
    ]);
    return groups.map(({ _id, routed, open, closed }) => ({ definitionId: _id.definitionId, assignee: _id.assignee, routed, open, closed }));
  }
}
