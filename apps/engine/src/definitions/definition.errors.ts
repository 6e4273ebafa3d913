import type { Problem } from '@baton/dsl';
import { DomainError } from '../api/domain-error';

export class DefinitionNotPublishable extends DomainError {
  constructor(id: string, problems: Problem[]) {
    super('unprocessable', `definition "${id}" has ${problems.length} problem(s) and cannot be published`, problems);
  }
}

export class DefinitionExists extends DomainError {
  constructor(id: string) {
    super('conflict', `definition "${id}" already exists; update it with PUT /api/v1/definitions/${id}`);
  }
}

export class NotPublished extends DomainError {
  constructor(id: string) {
    super('unprocessable', `definition "${id}" has no published version yet`, [{ pointer: '/body/definitionId', message: 'has no published version' }]);
  }
}
