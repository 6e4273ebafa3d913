import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Instant, Items, Nullable, Reply, ValidParams } from '../api/contract';
import { Actor, type Identity } from '../auth/identity';
import { TasksService } from './tasks.service';

const InstanceParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'instance id (UUID)' }) });

const InstanceTask = Type.Object({
  node: Type.String(), assignee: Type.String(), assigneeName: Type.String(), status: Type.String(), decidedBy: Nullable(Type.String()), createdAt: Instant, updatedAt: Instant,
}, { additionalProperties: false });

/** Who holds or held the steps of a request: the portal's "pending with" and the timeline. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/instances')
export class InstanceTasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get(':id/tasks')
  @ApiOperation({ summary: 'The tasks of a request I may read: node, person and status (no titles, which may quote hidden fields)' })
  @Reply(Items(InstanceTask))
  list(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>) {
    return this.tasks.ofInstance(actor, p.id);
  }
}
