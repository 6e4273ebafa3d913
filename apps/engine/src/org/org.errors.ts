import { DomainError } from '../api/domain-error';

export class OutsideYourDepartments extends DomainError {
  constructor(what: string) {
    super('forbidden', `${what} is outside the departments you administer`);
  }
}

export class DepartmentInUse extends DomainError {
  constructor(id: string, reason: string) {
    super('conflict', `department "${id}" cannot be deleted: ${reason}`);
  }
}

export class AlreadyExists extends DomainError {
  constructor(what: string, id: string) {
    super('conflict', `${what} "${id}" already exists`);
  }
}

/** Authority flows down: nobody acts on a person who holds rights they do not. */
export class MoreRightsThanYours extends DomainError {
  constructor(id: string, reason: string) {
    super('forbidden', `user "${id}" ${reason}: only someone with at least their rights may change them`);
  }
}
