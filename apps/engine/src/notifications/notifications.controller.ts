import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Instant, Nullable, Reply, ValidParams, ValidQuery } from '../api/contract';
import { Actor, type Identity } from '../auth/identity';
import { NotificationsService } from './notifications.service';

const ListQuery = Type.Object({
  unread: Type.Boolean({ default: false }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}, { additionalProperties: false });
const NotificationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 300, pattern: '^[A-Za-z0-9._-]+$' }) });
const Notifications = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.String(), kind: Type.String(), instanceId: Nullable(Type.String()), title: Type.String(), body: Type.String(), read: Type.Boolean(), createdAt: Instant,
  }, { additionalProperties: false })),
  unread: Type.Integer({ minimum: 0 }),
}, { additionalProperties: false });
const Marked = Type.Object({ marked: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My in-app notifications, newest first, with the unread count' })
  @Reply(Notifications)
  mine(@Actor() actor: Identity, @ValidQuery(ListQuery) q: Static<typeof ListQuery>) {
    return this.notifications.mine(actor, q.unread, q.limit);
  }

  @Post('read-all')
  @HttpCode(200)
  @Reply(Marked)
  readAll(@Actor() actor: Identity) {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(204)
  @Reply()
  async read(@Actor() actor: Identity, @ValidParams(NotificationParams) p: Static<typeof NotificationParams>) {
    await this.notifications.markRead(actor, p.id);
  }
}
