import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { params, query } from '../api/schema.pipe';
import { Actor, type Identity } from '../auth/identity';
import { NotificationsService } from './notifications.service';

const ListQuery = Type.Object({
  unread: Type.Boolean({ default: false }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}, { additionalProperties: false });
const NotificationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 300, pattern: '^[A-Za-z0-9._-]+$' }) });

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My in-app notifications, newest first, with the unread count' })
  mine(@Actor() actor: Identity, @Query(query(ListQuery)) q: Static<typeof ListQuery>) {
    return this.notifications.mine(actor, q.unread, q.limit);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@Actor() actor: Identity) {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@Actor() actor: Identity, @Param(params(NotificationParams)) p: Static<typeof NotificationParams>) {
    await this.notifications.markRead(actor, p.id);
  }
}
