import { Module } from '@nestjs/common';
import { PeopleService } from './people.service';

/** Resolving people needs only the collections, so approvals can use it without the rest of org. */
@Module({ providers: [PeopleService], exports: [PeopleService] })
export class PeopleModule {}
