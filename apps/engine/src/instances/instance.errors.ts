import { DomainError } from '../api/domain-error';

export class EventNotAccepted extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class InstanceFinished extends DomainError {
  constructor(id: string, status: string) {
    super('conflict', `instance "${id}" is ${status}; nothing more can happen to it`);
  }
}

export class ConcurrentUpdate extends DomainError {
  constructor(id: string) {
    super('conflict', `instance "${id}" changed too often while this was applied; try again`);
  }
}
