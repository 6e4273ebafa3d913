import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DecisionLinksModule } from '../decision-links/decision-links.module';
import { InstancesModule } from '../instances/instances.module';
import { NOTIFICATION, NotificationSchema } from './notification.schema';
import { EffectsModule } from '../effects/effects.module';
import { PeopleModule } from '../org/people.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ imports: [MongooseModule.forFeature([{ name: NOTIFICATION, schema: NotificationSchema }]), PeopleModule, EffectsModule, InstancesModule, DecisionLinksModule], controllers: [NotificationsController], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
