import { Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module';
import { HealthController } from './health.controller';

@Module({ imports: [EffectsModule], controllers: [HealthController] })
export class HealthModule {}
