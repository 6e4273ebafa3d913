import { Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module';
import { PeopleModule } from '../org/people.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ imports: [PeopleModule, EffectsModule], controllers: [NotificationsController], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
